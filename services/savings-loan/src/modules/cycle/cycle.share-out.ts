import { Money } from '@funds/money';
import type { ShareOut } from './cycle.service';

/**
 * The cycle's profit split in proportion to shares with Money.allocate's remainder rule (the one
 * SavingsCycle documents; a loss splits as the mirror image).
 */
export const shareOutByShares: ShareOut = ({ currency, profit, members }) =>
  Money.of(profit, currency)
    .allocate(members.map((m) => m.shares))
    .map((part) => part.amount);
