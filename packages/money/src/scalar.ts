import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type Decimal from 'decimal.js';
import { Dec, decimalToString, parseDecimal } from './decimal';

function invalid(value: unknown): GraphQLError {
  return new GraphQLError(`Decimal values are written as strings such as "1250000" or "12.50"; got ${JSON.stringify(value)}`, {
    extensions: { code: 'INVALID_DECIMAL' },
  });
}

/** Exact decimal number, serialised as a string so no client ever sees a float. */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number serialised as a string ("1250000", "-12.50"). Never a float: amounts keep every digit.',
  serialize(value: unknown): string {
    if (Dec.isDecimal(value)) return decimalToString(value as Decimal);
    if (typeof value === 'string') return decimalToString(parseDecimal(value));
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    throw invalid(value);
  },
  parseValue(value: unknown): Decimal {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return new Dec(value);
    if (typeof value !== 'string') throw invalid(value);
    try {
      return parseDecimal(value);
    } catch {
      throw invalid(value);
    }
  },
  parseLiteral(ast): Decimal {
    if (ast.kind === Kind.INT) return new Dec(ast.value);
    if (ast.kind !== Kind.STRING) throw invalid(ast.kind === Kind.FLOAT ? Number(ast.value) : ast.kind);
    try {
      return parseDecimal(ast.value);
    } catch {
      throw invalid(ast.value);
    }
  },
});
