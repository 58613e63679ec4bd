import { Dec } from '@funds/money';
import { allocateByRatios } from './capital.allocate';
import { lentOutOf } from './capital.lent-out';
import type { CapitalAccountRow, FundSources, LoanExposureRow } from './capital.repository';

const d = (v: string) => new Dec(v);
const cap = (partnerId: string, code: CapitalAccountRow['code'], outstanding: string): CapitalAccountRow => ({
  fundId: 'f',
  partnerId,
  code,
  currency: 'IRR',
  received: d(outstanding),
  repaid: d('0'),
  outstanding: d(outstanding),
});
const sources = (savings: string, shares = '0', earnings = '0'): FundSources => ({
  fundId: 'f',
  currency: 'IRR',
  savings: d(savings),
  shares: d(shares),
  earnings: d(earnings),
});
const loan = (outstanding: string, fundingPartnerId: string | null = null): LoanExposureRow => ({
  fundId: 'f',
  loanId: `l${outstanding}`,
  outstanding: d(outstanding),
  fundingPartnerId,
});

describe('lentOutOf', () => {
  it.each<[string, CapitalAccountRow[], FundSources, LoanExposureRow[], string[]]>([
    ['nothing lent', [cap('a', 'GRANTS', '100')], sources('100'), [], ['0']],
    ['pro rata with savings', [cap('a', 'GRANTS', '300')], sources('100'), [loan('200')], ['150']],
    [
      'a funded loan counts fully for its partner',
      [cap('a', 'GRANTS', '300'), cap('b', 'CREDIT_LINE', '100')],
      sources('0'),
      [loan('100', 'b')],
      ['0', '100'],
    ],
    [
      'beyond its capital, the rest joins the pool',
      [cap('a', 'GRANTS', '100'), cap('b', 'CREDIT_LINE', '50')],
      sources('100'),
      [loan('80', 'b')],
      ['15', '50'],
    ],
    ['shares and earnings are sources too', [cap('a', 'TRUST_CAPITAL', '100')], sources('100', '100', '100'), [loan('40')], ['10']],
    [
      'the remainder goes to the largest fraction',
      [cap('a', 'GRANTS', '1'), cap('b', 'GRANTS', '1')],
      sources('1'),
      [loan('2')],
      ['1', '0'],
    ],
    ['a negative balance counts as zero', [cap('a', 'GRANTS', '100')], sources('0', '0', '-50'), [loan('30')], ['30']],
  ])('%s', (_case, capital, fund, loans, expected) => {
    const lent = lentOutOf(capital, fund, loans, allocateByRatios);
    expect(lent.map((x) => x.toString())).toEqual(expected);
  });

  it('a portfolio as large as the sources lends each source in full, to the unit', () => {
    const capital = [cap('a', 'GRANTS', '333'), cap('b', 'TRUST_CAPITAL', '333'), cap('c', 'CREDIT_LINE', '333')];
    const lent = lentOutOf(capital, sources('1'), [loan('1000')], allocateByRatios);
    expect(lent.map((x) => x.toString())).toEqual(['333', '333', '333']);
  });
});
