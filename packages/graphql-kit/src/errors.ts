import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AuthError } from '@funds/auth';
import { isDatabaseUnavailable } from '@funds/db-kit';
import { logInternalError } from './logging';

/**
 * An expected business failure: a stable machine-readable code, a message a person can act on,
 * and the input field it is about. Services throw these; the API returns them as
 * `errors[].extensions = { code, field, details }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function forbidden(message: string): DomainError {
  return new DomainError('FORBIDDEN', message);
}

export function notFound(what: string, id: string, field = 'id'): DomainError {
  return new DomainError('NOT_FOUND', `No ${what} with id ${id}`, field);
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function firstViolation(errors: ValidationErrorLike[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length) {
      return { field: path, message: Object.values(error.constraints)[0] };
    }
    const nested = firstViolation(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'INVALID_DECIMAL',
  'UNAUTHENTICATED',
  'NOT_FROM_GATEWAY',
  'INVALID_TOKEN',
]);

const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * The GraphQLError that was thrown with a code of its own, possibly wrapped in GraphQL errors
 * (variable coercion wraps a scalar's error), but never wrapping anything else (which could be
 * any internal failure); null when there is none.
 */
function deliberatelyCoded(error: unknown): (GraphQLError & { extensions: { code: string } }) | null {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  if (!(current instanceof GraphQLError)) return null;
  const code = current.extensions.code;
  return typeof code === 'string' && CODE.test(code) && code !== 'INTERNAL_SERVER_ERROR'
    ? (current as GraphQLError & { extensions: { code: string } })
    : null;
}

/**
 * Maps any error to the public shape. Domain, auth and validation errors keep their code and
 * field; a database that cannot be reached (restarting, down) is logged and answered as
 * SERVICE_UNAVAILABLE (retry); anything else is logged and answered as INTERNAL_SERVER_ERROR with
 * no internals (no stack, no SQL, no table names).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void = logInternalError,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ? { details: original.details } : {}),
      },
    };
  }
  if (original instanceof AuthError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  const validation = (original as { extensions?: { validationErrors?: ValidationErrorLike[] } } | undefined)?.extensions?.validationErrors;
  if (validation) {
    const violation = firstViolation(validation);
    return {
      ...base,
      message: violation ? `Invalid ${violation.field}: ${violation.message}` : 'Invalid input',
      extensions: { code: 'INVALID_INPUT', ...(violation ? { field: violation.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  const coded = deliberatelyCoded(original);
  if (coded) {
    // A GraphQL error raised on purpose with its own code (a scalar refusing a value, e.g.
    // INVALID_DECIMAL, wrapped by variable coercion): its message is written for the client.
    const { code: ownCode, field, details } = coded.extensions;
    return { ...base, extensions: { code: ownCode, ...(field ? { field } : {}), ...(details ? { details } : {}) } };
  }
  if (original instanceof GraphQLError && !original.originalError && !code) {
    return { ...base, extensions: { code: 'BAD_REQUEST' } };
  }
  log(original);
  if (isDatabaseUnavailable(original)) {
    // The database is restarting or unreachable: the client may retry (on the same idempotency key).
    return {
      message: 'The service cannot reach its database right now; try again in a moment',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
