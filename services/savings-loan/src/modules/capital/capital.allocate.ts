import type Decimal from 'decimal.js';
import { Dec, Money } from '@funds/money';
import type { Allocate } from './capital.lent-out';

/**
 * The split `lentOutOf` uses: Money.allocate (`amount` by `ratios` to the currency's minor unit,
 * the parts summing to it exactly, with the platform's one remainder rule). Nothing to split by
 * (all ratios zero) gives zero parts.
 */
export const allocateByRatios: Allocate = (amount: Decimal, ratios: Decimal[], currency: string): Decimal[] => {
  if (!ratios.some((r) => r.gt(0))) return ratios.map(() => new Dec(0));
  return Money.of(amount, currency)
    .allocate(ratios)
    .map((part) => part.amount);
};
