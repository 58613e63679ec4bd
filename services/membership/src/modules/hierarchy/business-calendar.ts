import type { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, businessToday, systemClock } from '@funds/graphql-kit';
import { HierarchyRepository } from './hierarchy.repository';

/**
 * "Today" where a fund is: the one source of business dates in membership. A fund's day is the
 * calendar day in its country's time zone (country.time_zone), so an enrolment at 06:00 in Hanoi
 * is dated that day, not the UTC day before. The clock is injected, so tests can fix the instant.
 */
export class BusinessCalendar {
  constructor(private readonly clock: Clock = systemClock) {}

  /** The day it is now in an IANA time zone. */
  todayIn(timeZone: string): string {
    return businessToday(timeZone, this.clock.now());
  }

  /** The day it is now in a country (its zone read from its row, inside the caller's transaction). */
  async todayInCountry(db: DataSource | EntityManager, countryCode: string): Promise<string> {
    const [zone] = await new HierarchyRepository(db).countryTimeZones([countryCode]);
    if (!zone) throw new DomainError('UNKNOWN_COUNTRY', `No country ${countryCode}`, 'countryCode');
    return this.todayIn(zone);
  }
}
