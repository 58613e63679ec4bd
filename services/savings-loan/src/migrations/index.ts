import { Initial1763798400000 } from './1763798400000-initial';
import { RowLevelSecurity1795720000000 } from './1795720000000-row-level-security';
import { Books1795900000000 } from './1795900000000-books';
import { Loans1795900100000 } from './1795900100000-loans';
import { SavingsTerms1795900200000 } from './1795900200000-savings-terms';
import { GroupScope1795900300000 } from './1795900300000-group-scope';
import { EventConsumer1795960000000 } from './1795960000000-event-consumer';
import { EventConsumerPolicies1795960100000 } from './1795960100000-event-consumer-policies';
import { OutboxDelivery1796000000000 } from './1796000000000-outbox-delivery';

/** Oldest first; never edit one that has landed. */
export const SAVINGS_LOAN_MIGRATIONS = [
  Initial1763798400000,
  RowLevelSecurity1795720000000,
  Books1795900000000,
  Loans1795900100000,
  SavingsTerms1795900200000,
  GroupScope1795900300000,
  EventConsumer1795960000000,
  EventConsumerPolicies1795960100000,
  OutboxDelivery1796000000000,
];
