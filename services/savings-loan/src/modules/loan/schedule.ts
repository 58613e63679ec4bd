import type Decimal from 'decimal.js';
import { Dec, minorUnits } from '@funds/money';

/**
 * Loan schedules, exact to the currency's minor unit. Pure: no database, no GraphQL.
 *
 * The rules (quoted in the schema's docs):
 * - Due dates: monthly on the disbursement's day of the month, clamped to the month's last day
 *   (disbursed 31 January: 28/29 February, 31 March, 30 April...); a bullet loan has one
 *   instalment, termMonths after disbursement.
 * - Qard al-hasan: no interest. The service fee is principal x feePercent / 100, rounded once to
 *   the minor unit (half-even). UPFRONT: taken from the amount paid out at disbursement;
 *   SPREAD: split over the instalments like the principal.
 * - Flat: interest = principal x annualRate / 100 x termMonths / 12, rounded once; split over the
 *   instalments like the principal.
 * - Declining balance: monthly rate r = annualRate / 100 / 12; the equal payment
 *   P x r / (1 - (1 + r)^-n) rounded to the minor unit; each month's interest is the outstanding
 *   principal x r rounded; its principal is the payment less the interest; the last instalment
 *   takes whatever principal is left, so the principals sum to the principal exactly.
 * - Splitting (the remainder rule): an amount split over n instalments gives each the amount / n
 *   rounded down to the minor unit, and the minor units left over go one each to the earliest
 *   instalments. Parts always sum exactly to the amount.
 */
export type LoanMethod = 'QARD_AL_HASAN' | 'FLAT' | 'DECLINING_BALANCE';
export type FeeTiming = 'UPFRONT' | 'SPREAD';
export type RepaymentKind = 'MONTHLY' | 'BULLET';

export interface LoanTerms {
  method: LoanMethod;
  /** Yearly rate in percent (0 for qard al-hasan). */
  annualRatePercent: Decimal;
  /** Service fee in percent of the principal (0 for none). */
  feePercent: Decimal;
  feeTiming: FeeTiming;
  repayment: RepaymentKind;
}

export interface Instalment {
  number: number;
  dueOn: string;
  principal: Decimal;
  interest: Decimal;
  fee: Decimal;
}

export interface Schedule {
  /** The fee taken at disbursement (zero unless UPFRONT). */
  upfrontFee: Decimal;
  instalments: Instalment[];
  totalPrincipal: Decimal;
  totalInterest: Decimal;
  totalFee: Decimal;
}

export class ScheduleError extends Error {
  constructor(
    readonly code: 'INVALID_TERM' | 'INVALID_RATE' | 'INVALID_AMOUNT',
    message: string,
  ) {
    super(message);
  }
}

export const MAX_TERM_MONTHS = 120;

/** The schedule of a loan of `principal` in `currency`, disbursed on `disbursedOn` (YYYY-MM-DD). */
export function buildSchedule(principal: Decimal, currency: string, terms: LoanTerms, termMonths: number, disbursedOn: string): Schedule {
  const units = minorUnits(currency);
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new ScheduleError('INVALID_TERM', `A term is 1 to ${MAX_TERM_MONTHS} whole months`);
  }
  if (principal.lte(0) || principal.decimalPlaces() > units)
    throw new ScheduleError('INVALID_AMOUNT', 'The principal is more than zero, in whole minor units');
  if (terms.annualRatePercent.lt(0) || terms.annualRatePercent.gt(100) || terms.feePercent.lt(0) || terms.feePercent.gt(100)) {
    throw new ScheduleError('INVALID_RATE', 'Rates and fees are 0 to 100 percent');
  }
  if (terms.method === 'QARD_AL_HASAN' && !terms.annualRatePercent.isZero()) {
    throw new ScheduleError('INVALID_RATE', 'A qard al-hasan loan bears no interest; its cost is its service fee');
  }
  const round = (d: Decimal) => d.toDecimalPlaces(units, Dec.ROUND_HALF_EVEN);
  const count = terms.repayment === 'BULLET' ? 1 : termMonths;
  const dueDates =
    terms.repayment === 'BULLET'
      ? [addMonths(disbursedOn, termMonths)]
      : Array.from({ length: count }, (_, i) => addMonths(disbursedOn, i + 1));
  const fee = round(principal.times(terms.feePercent).div(100));
  const upfrontFee = terms.feeTiming === 'UPFRONT' ? fee : new Dec(0);
  const spreadFee = split(terms.feeTiming === 'SPREAD' ? fee : new Dec(0), count, units);

  let principals: Decimal[];
  let interests: Decimal[];
  if (terms.method === 'DECLINING_BALANCE' && terms.repayment === 'MONTHLY' && !terms.annualRatePercent.isZero()) {
    const r = terms.annualRatePercent.div(100).div(12);
    const payment = round(principal.times(r).div(new Dec(1).minus(new Dec(1).plus(r).pow(-count))));
    principals = [];
    interests = [];
    let outstanding = principal;
    for (let i = 0; i < count; i++) {
      const interest = round(outstanding.times(r));
      const part = i === count - 1 ? outstanding : Dec.min(Dec.max(payment.minus(interest), 0), outstanding);
      principals.push(part);
      interests.push(interest);
      outstanding = outstanding.minus(part);
    }
  } else {
    // Flat, qard al-hasan, and a bullet (declining balance over one period is its flat interest).
    const interest =
      terms.method === 'QARD_AL_HASAN' ? new Dec(0) : round(principal.times(terms.annualRatePercent).div(100).times(termMonths).div(12));
    principals = split(principal, count, units);
    interests = split(interest, count, units);
  }
  const instalments = dueDates.map((dueOn, i) => ({
    number: i + 1,
    dueOn,
    principal: principals[i],
    interest: interests[i],
    fee: spreadFee[i],
  }));
  const sum = (pick: (i: Instalment) => Decimal) => instalments.reduce((a, i) => a.plus(pick(i)), new Dec(0));
  return {
    upfrontFee,
    instalments,
    totalPrincipal: sum((i) => i.principal),
    totalInterest: sum((i) => i.interest),
    totalFee: sum((i) => i.fee).plus(upfrontFee),
  };
}

/** `amount` in `n` parts by the remainder rule: amount / n rounded down to the minor unit, the leftover units to the earliest parts. */
export function split(amount: Decimal, n: number, units: number): Decimal[] {
  const unit = new Dec(1).div(new Dec(10).pow(units));
  const base = amount.div(n).toDecimalPlaces(units, Dec.ROUND_DOWN);
  let left = amount.minus(base.times(n)).div(unit).toNumber();
  return Array.from({ length: n }, () => {
    if (left > 0) {
      left -= 1;
      return base.plus(unit);
    }
    return base;
  });
}

/** The day `months` months after `date` (YYYY-MM-DD), on the same day of the month, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** An instalment with what has been paid on it. */
export interface InstalmentState extends Instalment {
  principalPaid: Decimal;
  interestPaid: Decimal;
  feePaid: Decimal;
}

export interface RepaymentAllocation {
  /** Per instalment number: what this payment pays of its fee, interest and principal. */
  parts: { number: number; fee: Decimal; interest: Decimal; principal: Decimal }[];
  fee: Decimal;
  interest: Decimal;
  principal: Decimal;
  /** What is left after everything the loan owes (the service refuses a payment with an excess). */
  excess: Decimal;
}

/**
 * Allocates a payment: instalments oldest first, and within each its fee, then its interest, then
 * its principal. What is left after everything due pays the next instalments ahead (early
 * repayment, no rebate of flat interest or fees). Pure: returns the parts, changes nothing.
 */
export function allocateRepayment(amount: Decimal, instalments: readonly InstalmentState[]): RepaymentAllocation {
  let left = amount;
  const result: RepaymentAllocation = { parts: [], fee: new Dec(0), interest: new Dec(0), principal: new Dec(0), excess: new Dec(0) };
  for (const i of [...instalments].sort((a, b) => a.number - b.number)) {
    if (left.lte(0)) break;
    const take = (due: Decimal, paid: Decimal) => {
      const part = Dec.min(left, Dec.max(due.minus(paid), 0));
      left = left.minus(part);
      return part;
    };
    const fee = take(i.fee, i.feePaid);
    const interest = take(i.interest, i.interestPaid);
    const principal = take(i.principal, i.principalPaid);
    if (fee.gt(0) || interest.gt(0) || principal.gt(0)) {
      result.parts.push({ number: i.number, fee, interest, principal });
      result.fee = result.fee.plus(fee);
      result.interest = result.interest.plus(interest);
      result.principal = result.principal.plus(principal);
    }
  }
  result.excess = left;
  return result;
}

export interface Arrears {
  daysPastDue: number;
  overduePrincipal: Decimal;
  overdueInterest: Decimal;
  overdueFee: Decimal;
  /** Instalments fallen due on or before the day and not fully paid. */
  instalmentsOverdue: number;
}

/**
 * Arrears at the end of `asOf` (YYYY-MM-DD): what fell due before that day and is unpaid, and the
 * days since the oldest such instalment fell due (0 when none). An instalment due on `asOf` is not
 * yet late.
 */
export function arrears(instalments: readonly InstalmentState[], asOf: string): Arrears {
  const late = instalments.filter(
    (i) => i.dueOn < asOf && (i.principalPaid.lt(i.principal) || i.interestPaid.lt(i.interest) || i.feePaid.lt(i.fee)),
  );
  const sum = (pick: (i: InstalmentState) => Decimal) => late.reduce((a, i) => a.plus(pick(i)), new Dec(0));
  const oldest = late.map((i) => i.dueOn).sort()[0];
  return {
    daysPastDue: oldest ? daysBetween(oldest, asOf) : 0,
    overduePrincipal: sum((i) => i.principal.minus(i.principalPaid)),
    overdueInterest: sum((i) => i.interest.minus(i.interestPaid)),
    overdueFee: sum((i) => i.fee.minus(i.feePaid)),
    instalmentsOverdue: late.length,
  };
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
