import type Decimal from 'decimal.js';
import { Dec, decimalToString } from './decimal';

/** TypeORM column transformer for `numeric` columns: Decimal in code, exact text in SQL. */
export const decimalTransformer = {
  to(value: Decimal | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    return decimalToString(value);
  },
  from(value: string | null): Decimal | null {
    return value === null || value === undefined ? null : new Dec(value);
  },
};
