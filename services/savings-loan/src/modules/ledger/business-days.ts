import { Clock, DomainError, businessToday, dateArg } from '@funds/graphql-kit';

/** Each country's zone: a fund's business day is a day there (as membership counts it). */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = { IR: 'Asia/Tehran', VN: 'Asia/Ho_Chi_Minh' };

/** Business days of the books: today in a fund's country, and the value date of a money event. */
export class BusinessDays {
  constructor(readonly clock: Clock) {}

  today(countryCode: string): string {
    return businessToday(COUNTRY_TIME_ZONES[countryCode] ?? 'UTC', this.clock.now());
  }

  /** The day a money event is dated: the one given (never after today in the fund's country), or today. */
  valueDate(given: string | null | undefined, countryCode: string, field = 'valueDate'): string {
    const today = this.today(countryCode);
    if (given === null || given === undefined) return today;
    dateArg(given, field);
    if (given > today)
      throw new DomainError('VALUE_DATE_IN_FUTURE', `A money event is dated today (${today}) or earlier, not ${given}`, field);
    return given;
  }
}
