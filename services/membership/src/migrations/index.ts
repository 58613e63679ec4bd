import { Initial1763798400000 } from './1763798400000-initial';
import { CountryTimeZone1795374400000 } from './1795374400000-country-time-zone';
import { AncestryForeignKeys1795460800000 } from './1795460800000-ancestry-foreign-keys';
import { UniqueNames1795547200000 } from './1795547200000-unique-names';
import { RowLevelSecurity1795720000000 } from './1795720000000-row-level-security';
import { ApiKeys1795806400000 } from './1795806400000-api-keys';
import { OutboxDelivery1795950000000 } from './1795950000000-outbox-delivery';
import { NodeStatsCounters1796000000000 } from './1796000000000-node-stats-counters';
import { MemberAreaKeyset1796100000000 } from './1796100000000-member-area-keyset';

/** In order. A landed migration is never edited: add a new one. */
export const MEMBERSHIP_MIGRATIONS: Function[] = [
  Initial1763798400000,
  CountryTimeZone1795374400000,
  AncestryForeignKeys1795460800000,
  UniqueNames1795547200000,
  RowLevelSecurity1795720000000,
  ApiKeys1795806400000,
  OutboxDelivery1795950000000,
  NodeStatsCounters1796000000000,
  MemberAreaKeyset1796100000000,
];
