import { decimalToString } from '@funds/money';
import { assemblePortfolios, ratio } from './portfolio.service';
import type { PortfolioRow } from './portfolio.repository';

describe('ratio', () => {
  it.each([
    ['1200000', '4000000', '0.3'],
    ['1200000', '5600000', '0.2142857143'],
    ['3600000', '5600000', '0.6428571429'],
    ['1', '3', '0.3333333333'],
    ['2', '3', '0.6666666667'],
    // Half to even at the tenth place: 0.00000000005 -> 0, 0.00000000015 -> 0.0000000002.
    ['1', '20000000000', '0'],
    ['3', '20000000000', '0.0000000002'],
    ['4000000', '4000000', '1'],
    ['0', '4000000', '0'],
  ])('%s / %s = %s', (numerator, denominator, expected) => {
    expect(decimalToString(ratio(numerator, denominator)!)).toBe(expected);
  });

  it('is null over a zero portfolio', () => {
    expect(ratio('0', '0')).toBeNull();
  });
});

describe('assemblePortfolios', () => {
  const row = (part: PortfolioRow['part'], ord: number, currency: string | null, ...v: (string | null)[]): PortfolioRow => {
    const [v1 = null, v2 = null, v3 = null, v4 = null, v5 = null, v6 = null, v7 = null, v8 = null] = v;
    return { part, ord: String(ord), currency, v1, v2, v3, v4, v5, v6, v7, v8 };
  };
  const P = '01890000-0000-7000-8000-000000000001';
  const F = '01890000-0000-7000-8000-000000000004';

  it('puts each key its own figures, per currency, zeros where nothing moved; a key with no node row is null', () => {
    const rows = [
      row('node', 1, null, '2026-08-10', '1786000000000', 'FUND', P, 'c', 'v', F, null),
      row('currency', 1, 'IRR'),
      row('loans', 1, 'IRR', '4000000', '1200000', '1200000', '800000', '4'),
      row('members', 1, null, '6', '6', '2'),
      row('node', 3, null, '2026-07-11', null, 'FUND', P, 'c', 'v', F, null),
      row('currency', 3, 'IRR'),
    ];
    const keys = [
      { id: F, asOf: '2026-08-10', from: null },
      { id: 'unknown', asOf: null, from: null },
      { id: F, asOf: '2026-07-11', from: '2026-07-01' },
    ];
    const [first, second, third] = assemblePortfolios(keys, rows);
    expect(second).toBeNull();
    expect(first!.node).toMatchObject({ id: F, level: 'FUND', provinceId: P, fundId: F, groupId: null });
    const irr = first!.portfolio.currencies[0];
    expect(decimalToString(irr.par30.ratio!)).toBe('0.3');
    expect(decimalToString(irr.arrearsRate.ratio!)).toBe('0.2');
    expect(irr.activeBorrowers.value).toBe(4);
    expect(first!.portfolio.members).toMatchObject({ active: 6, women: 6, femaleHeadedHouseholds: 2 });
    expect(first!.portfolio.asOfEvent).toEqual(new Date(1786000000000));
    const empty = third!.portfolio.currencies[0];
    expect([decimalToString(empty.grossLoanPortfolio.value.amount), empty.par1.ratio, empty.loansDisbursed.count]).toEqual(['0', null, 0]);
    expect(empty.loansDisbursed).toMatchObject({ from: '2026-07-01', to: '2026-07-11' });
    expect(third!.portfolio.asOfEvent).toBeNull();
  });
});
