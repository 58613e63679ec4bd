import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type Decimal from 'decimal.js';
import { Dec, decimalProblem, decimalToString, parseDecimal } from './decimal';

/** What the client sent, short enough to quote in a message (a 200,000-digit amount is not echoed back). */
function quote(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : 'a value that is not a string';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function invalid(value: unknown): GraphQLError {
  const problem = decimalProblem(value) ?? 'not a decimal';
  return new GraphQLError(`Invalid Decimal ${quote(value)}: ${problem}`, { extensions: { code: 'INVALID_DECIMAL' } });
}

/** The input text of a decimal, checked: INVALID_DECIMAL for floats, exponents, NaN, Infinity and too many digits. */
function parseInput(text: string): Decimal {
  try {
    return parseDecimal(text);
  } catch {
    throw invalid(text);
  }
}

/** Exact decimal number, serialised as a string so no client ever sees a float. */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description:
    'An exact decimal number serialised as a string ("1250000", "-12.50"). Never a float: amounts keep every digit. Input: a string of digits with an optional point, at most 30 digits before it and 10 after; no exponent, NaN or Infinity (INVALID_DECIMAL).',
  serialize(value: unknown): string {
    if (Dec.isDecimal(value)) return decimalToString(value as Decimal);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'string') {
      // Values read from the database (numeric columns come back as text).
      try {
        const decimal = new Dec(value);
        if (decimal.isFinite()) return decimalToString(decimal);
      } catch {
        // not a number: refused below
      }
    }
    throw invalid(value);
  },
  parseValue(value: unknown): Decimal {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return new Dec(value);
    if (typeof value !== 'string') throw invalid(value);
    return parseInput(value);
  },
  parseLiteral(ast): Decimal {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseInput(ast.value);
    throw invalid(ast.kind === Kind.FLOAT ? Number(ast.value) : null);
  },
});
