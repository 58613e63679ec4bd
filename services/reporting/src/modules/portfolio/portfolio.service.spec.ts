import { decimalToString } from '@funds/money';
import { assemblePortfolios, ratio } from './portfolio.service';
import type { ResolvedKey } from './portfolio.repository';
import { CURRENCY_SUMS, CurrencySnapshotRow, NodeSnapshotRow } from './snapshot.repository';

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
  const P = '01890000-0000-7000-8000-000000000001';
  const F = '01890000-0000-7000-8000-000000000004';
  const resolved = (ord: number, asOf: string, from: string | null, event: string | null): ResolvedKey => ({
    ord,
    id: F,
    level: 'FUND',
    province_id: P,
    county_id: 'c',
    village_id: 'v',
    fund_id: F,
    group_id: null,
    as_of: asOf,
    from_day: from,
    before_day: from === null ? null : new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    as_of_event: event,
    has_day: true,
    has_before: true,
  });
  const members = (day: string, active: number, exited: number): NodeSnapshotRow => ({
    node_id: F,
    day,
    members: active,
    women: active,
    female_headed: 2,
    disabled: 1,
    referred: 0,
    exited_through: exited,
  });
  const zero = Object.fromEntries(CURRENCY_SUMS.map((c) => [c, c === 'active_borrowers' || c === 'disbursed_count' ? 0 : '0']));
  const irr = (day: string, figures: Partial<CurrencySnapshotRow>): CurrencySnapshotRow =>
    ({ ...zero, node_id: F, day, currency: 'IRR', ...figures }) as CurrencySnapshotRow;

  it("puts each key its own figures: stocks of its day, flows of its period (the day's less the day before it), ratios from their parts", () => {
    const keys = [
      { id: F, asOf: '2026-08-10', from: null },
      { id: 'unknown', asOf: null, from: null },
      { id: F, asOf: '2026-08-10', from: '2026-07-01' },
    ];
    const snapshots = {
      nodes: [members('2026-08-10', 6, 1), members('2026-06-30', 7, 0)],
      currencies: [
        irr('2026-08-10', {
          gross_loan_portfolio: '4000000',
          at_risk_30: '1200000',
          overdue: '800000',
          active_borrowers: 4,
          disbursed_count: 5,
          disbursed: '6000000',
          fallen_due: '2800000',
          paid_on_time: '800000',
          collected: '1000000',
          savings: '5750000',
          written_off: '1200000',
        }),
        irr('2026-06-30', { disbursed_count: 4, disbursed: '4800000', fallen_due: '0', collected: '0' }),
      ],
      capital: [],
    };
    const [first, second, third] = assemblePortfolios(
      keys,
      [resolved(1, '2026-08-10', null, '1786000000000'), resolved(3, '2026-08-10', '2026-07-01', null)],
      snapshots,
    );
    expect(second).toBeNull();
    expect(first!.node).toMatchObject({ id: F, level: 'FUND', provinceId: P, fundId: F, groupId: null });
    const all = first!.portfolio.currencies[0];
    expect(decimalToString(all.par30.ratio!)).toBe('0.3');
    expect(decimalToString(all.arrearsRate.ratio!)).toBe('0.2');
    expect(all.activeBorrowers.value).toBe(4);
    expect(all.loansDisbursed.count).toBe(5);
    expect(decimalToString(all.collectionRate.ratio!)).toBe('0.3571428571');
    // Assets: savings 5,750,000 less 1,200,000 written off.
    expect(decimalToString(all.totalAssets.value.amount)).toBe('4550000');
    expect(first!.portfolio.members).toMatchObject({ active: 6, women: 6, femaleHeadedHouseholds: 2, withDisability: 1 });
    expect(first!.portfolio.members.dropOutRate).toMatchObject({ ratio: null, numerator: 0, denominator: 0 });
    expect(first!.portfolio.asOfEvent).toEqual(new Date(1786000000000));
    const july = third!.portfolio.currencies[0];
    expect([july.loansDisbursed.count, decimalToString(july.loansDisbursed.amount.amount)]).toEqual([1, '1200000']);
    expect(july.loansDisbursed).toMatchObject({ from: '2026-07-01', to: '2026-08-10' });
    expect(decimalToString(july.onTimeRepaymentRate.ratio!)).toBe('0.2857142857');
    expect(third!.portfolio.members.dropOutRate).toMatchObject({ numerator: 1, denominator: 7 });
    expect(decimalToString(third!.portfolio.members.dropOutRate.ratio!)).toBe('0.1428571429');
    expect(third!.portfolio.asOfEvent).toBeNull();
  });

  it('a key whose day has no snapshot is null (a node the batch could not see)', () => {
    const [only] = assemblePortfolios([{ id: F, asOf: '2026-08-10', from: null }], [resolved(1, '2026-08-10', null, null)], {
      nodes: [],
      currencies: [],
      capital: [],
    });
    expect(only).toBeNull();
  });
});
