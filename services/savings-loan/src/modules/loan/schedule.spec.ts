import { Dec } from '@funds/money';
import { LoanTerms, addMonths, allocateRepayment, arrears, buildSchedule, split } from './schedule';

const d = (v: string | number) => new Dec(v);
const text = (list: { toFixed(): string }[]) => list.map((v) => v.toFixed());
const terms = (over: Partial<LoanTerms>): LoanTerms => ({
  method: 'QARD_AL_HASAN',
  annualRatePercent: d(0),
  feePercent: d(0),
  feeTiming: 'UPFRONT',
  repayment: 'MONTHLY',
  ...over,
});

describe('schedules, worked by hand', () => {
  it('qard al-hasan, 25,000,000 IRR over 12 months, 2% fee taken at disbursement', () => {
    const s = buildSchedule(d(25_000_000), 'IRR', terms({ feePercent: d(2) }), 12, '2026-01-31');
    // fee 25,000,000 x 2% = 500,000, paid out of the disbursement; 25,000,000 / 12 = 2,083,333.33:
    // 12 x 2,083,333 = 24,999,996, so the first 4 instalments carry one rial more.
    expect(s.upfrontFee.toFixed()).toBe('500000');
    expect(text(s.instalments.map((i) => i.principal))).toEqual([...Array(4).fill('2083334'), ...Array(8).fill('2083333')]);
    expect(s.instalments.every((i) => i.fee.isZero() && i.interest.isZero())).toBe(true);
    expect(s.totalPrincipal.toFixed()).toBe('25000000');
    // Due on the 31st, clamped to each month's last day.
    expect(s.instalments.slice(0, 4).map((i) => i.dueOn)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('qard al-hasan with the fee spread over the instalments', () => {
    const s = buildSchedule(d(25_000_000), 'IRR', terms({ feePercent: d(2), feeTiming: 'SPREAD' }), 12, '2026-01-31');
    // 500,000 / 12 = 41,666.67: 12 x 41,666 = 499,992, so the first 8 carry 41,667.
    expect(s.upfrontFee.toFixed()).toBe('0');
    expect(text(s.instalments.map((i) => i.fee))).toEqual([...Array(8).fill('41667'), ...Array(4).fill('41666')]);
    expect(s.totalFee.toFixed()).toBe('500000');
  });

  it('flat 12% a year, 10,000,000 VND over 10 months', () => {
    const s = buildSchedule(d(10_000_000), 'VND', terms({ method: 'FLAT', annualRatePercent: d(12) }), 10, '2026-03-15');
    // interest 10,000,000 x 12% x 10/12 = 1,000,000, i.e. 100,000 a month beside 1,000,000 of principal.
    expect(text(s.instalments.map((i) => i.interest))).toEqual(Array(10).fill('100000'));
    expect(text(s.instalments.map((i) => i.principal))).toEqual(Array(10).fill('1000000'));
    expect(s.instalments[9].dueOn).toBe('2027-01-15');
  });

  it('declining balance 18% a year, 12,000,000 IRR over 12 months', () => {
    const s = buildSchedule(d(12_000_000), 'IRR', terms({ method: 'DECLINING_BALANCE', annualRatePercent: d(18) }), 12, '2026-01-10');
    // r = 1.5% a month; payment 12,000,000 x 0.015 / (1 - 1.015^-12) = 1,100,159.92 -> 1,100,160.
    // Month 1: interest 180,000, principal 920,160, left 11,079,840.
    // Month 2: interest 11,079,840 x 0.015 = 166,197.6 -> 166,198, principal 933,962.
    expect(s.instalments[0]).toMatchObject({ dueOn: '2026-02-10' });
    expect([s.instalments[0].interest, s.instalments[0].principal].map((v) => v.toFixed())).toEqual(['180000', '920160']);
    expect([s.instalments[1].interest, s.instalments[1].principal].map((v) => v.toFixed())).toEqual(['166198', '933962']);
    // The last instalment takes the rest of the principal: the principals sum exactly.
    expect(s.totalPrincipal.toFixed()).toBe('12000000');
    for (const i of s.instalments.slice(0, 11)) expect(i.principal.plus(i.interest).toFixed()).toBe('1100160');
  });

  it('declining balance in VND, 5,000,000 over 6 months at 12%', () => {
    const s = buildSchedule(d(5_000_000), 'VND', terms({ method: 'DECLINING_BALANCE', annualRatePercent: d(12) }), 6, '2026-05-01');
    // r = 1%; payment 5,000,000 x 0.01 / (1 - 1.01^-6) = 862,742.02 -> 862,742; month 1 interest 50,000, principal 812,742.
    expect([s.instalments[0].interest, s.instalments[0].principal].map((v) => v.toFixed())).toEqual(['50000', '812742']);
    expect(s.totalPrincipal.toFixed()).toBe('5000000');
  });

  it('a bullet loan: one instalment at the end of the term', () => {
    const s = buildSchedule(
      d(10_000_000),
      'VND',
      terms({ method: 'FLAT', annualRatePercent: d(12), repayment: 'BULLET' }),
      6,
      '2026-02-28',
    );
    // interest 10,000,000 x 12% x 6/12 = 600,000, all at the end.
    expect(s.instalments).toHaveLength(1);
    expect(s.instalments[0]).toMatchObject({ number: 1, dueOn: '2026-08-28' });
    expect([s.instalments[0].principal, s.instalments[0].interest].map((v) => v.toFixed())).toEqual(['10000000', '600000']);
  });

  it('an uneven principal: the remainder rule gives the leftover units to the earliest instalments', () => {
    expect(text(split(d(10_000_001), 3, 0))).toEqual(['3333334', '3333334', '3333333']);
    expect(text(split(d('100.00'), 3, 2))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('refuses terms that cannot be right', () => {
    expect(() => buildSchedule(d(1000), 'IRR', terms({}), 0, '2026-01-01')).toThrow(expect.objectContaining({ code: 'INVALID_TERM' }));
    expect(() => buildSchedule(d(1000), 'IRR', terms({ annualRatePercent: d(5) }), 3, '2026-01-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_RATE' }),
    );
    expect(() => buildSchedule(d('10.5'), 'IRR', terms({}), 3, '2026-01-01')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });
});

describe('repayments and arrears', () => {
  const state = (n: number, dueOn: string, paid = 0) => ({
    number: n,
    dueOn,
    principal: d(1_000_000),
    interest: d(100_000),
    fee: d(10_000),
    principalPaid: d(paid),
    interestPaid: d(0),
    feePaid: d(0),
  });

  it('pays fees, then interest, then principal, oldest instalment first; what is left pays ahead', () => {
    const a = allocateRepayment(d(1_200_000), [state(2, '2026-03-10'), state(1, '2026-02-10')]);
    // Instalment 1: fee 10,000, interest 100,000, principal 1,000,000 (1,110,000); then instalment 2: fee 10,000, interest 80,000.
    expect(a.parts.map((p) => [p.number, p.fee.toFixed(), p.interest.toFixed(), p.principal.toFixed()])).toEqual([
      [1, '10000', '100000', '1000000'],
      [2, '10000', '80000', '0'],
    ]);
    expect([a.fee, a.interest, a.principal, a.excess].map((v) => v.toFixed())).toEqual(['20000', '180000', '1000000', '0']);
    expect(allocateRepayment(d(3_000_000), [state(1, '2026-02-10')]).excess.toFixed()).toBe('1890000');
  });

  it('days past due count from the oldest unpaid instalment; one due today is not late', () => {
    const list = [state(1, '2026-02-28'), state(2, '2026-03-31')];
    expect(arrears(list, '2026-02-28').daysPastDue).toBe(0);
    expect(arrears(list, '2026-03-01')).toMatchObject({ daysPastDue: 1, instalmentsOverdue: 1 });
    const late = arrears(list, '2026-04-01');
    expect(late.daysPastDue).toBe(32);
    expect([late.overduePrincipal, late.overdueInterest, late.overdueFee].map((v) => v.toFixed())).toEqual(['2000000', '200000', '20000']);
  });

  it('adds months on the same day, clamped to the month end', () => {
    expect(['2024-01-31', '2025-01-31', '2026-12-15'].map((day) => addMonths(day, 1))).toEqual(['2024-02-29', '2025-02-28', '2027-01-15']);
  });
});
