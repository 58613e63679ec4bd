import type { EntityManager } from 'typeorm';
import { GraphQLSchema, defaultFieldResolver } from 'graphql';
import { PERSONAL_MEMBER_FIELDS, type Identity } from '@funds/auth';
import { AuditAncestry, DbScope, ScopedDatabase, TransactionAudit, writeAuditEvent } from '@funds/db-kit';
import { formatError } from './errors';
import { logInternalError, maskText } from './logging';

/** The node an audited mutation concerned. */
export interface AuditTarget {
  id: string;
  level: string;
  /** Where it sits; when unknown (a deleted node, a network-wide record), the caller's scope node's. */
  ancestry?: AuditAncestry;
}

/** What a service tells the audit log about itself. */
export interface AuditOptions {
  /** The service's Postgres schema (its `audit_event` table). */
  schema: string;
  database: ScopedDatabase;
  /** The node a mutation's result concerns, read in the mutation's transaction; null when none. */
  targetOf(result: unknown, em: EntityManager): Promise<AuditTarget | null>;
  /** The ancestry of the caller's scope node (for a refusal with no target), read in scope. */
  scopeAncestry(em: EntityManager, scopeNodeId: string): Promise<AuditAncestry>;
}

/** Argument names that hold personal data: their values never reach the audit log. */
/**
 * The permission table's personal Member fields (nationalId, phone, birthDate, hasDisability,
 * baselineMonthlyIncome, suspensionReason), the names inputs use for them, and free text about a
 * person (a suspension's `reason`).
 */
const PERSONAL_KEYS = new RegExp(
  `^(${[...PERSONAL_MEMBER_FIELDS, 'phoneNumber', 'mobile', 'dateOfBirth', 'birthYear', 'address', 'email', 'givenName', 'familyName', 'reason'].join('|')})$`,
  'i',
);
/** A Latin name is a person's when it sits beside a person's names. */
const PERSON_NAME_KEYS = ['givenName', 'familyName'];
export const MASKED = '[masked]';

/**
 * Arguments as the audit log keeps them: personal fields replaced by "[masked]", and every string
 * masked as log lines are (long digit runs, tokens). Plain data only (input class instances become
 * objects; decimals and dates their strings).
 */
export function maskArguments(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return storable(maskText(value));
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth > 8) return MASKED;
  if (Array.isArray(value)) return value.map((v) => maskArguments(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && typeof (value as { toString?: unknown }).toString === 'function') {
      const text = String(value);
      if (text !== '[object Object]') return storable(maskText(text)); // a Decimal
    }
    const person = entries.some(([k]) => PERSON_NAME_KEYS.includes(k));
    return Object.fromEntries(
      entries
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, PERSONAL_KEYS.test(k) || (person && k === 'nameLatin') ? MASKED : maskArguments(v, depth + 1)]),
    );
  }
  return MASKED;
}

/**
 * Text Postgres stores: the NUL character and unpaired surrogates (which a refused input may hold:
 * that is why it was refused) become U+FFFD.
 */
function storable(text: string): string {
  // eslint-disable-next-line no-control-regex -- the NUL character is what is being replaced
  return text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The code a client sees for `error` (OK is never one): what a refusal's audit row records. */
export function outcomeOf(error: unknown): { code: string; message: string } {
  const shown = formatError({ message: error instanceof Error ? error.message : 'error' }, error, () => undefined);
  return { code: String(shown.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), message: storable(maskText(shown.message)) };
}

interface Frame {
  operation: string;
  arguments: unknown;
  pending: boolean;
  written: boolean;
}

/**
 * A request's audit log: each mutation field it runs writes one row. The row of a mutation that
 * succeeds is written in the mutation's own transaction, just before it commits (the scope's
 * TransactionAudit), so the change and its record commit together or not at all; a mutation that
 * commits nothing (or no transaction) gets its row in a transaction of its own. A refusal (any
 * error) is written after the change rolled back, in a transaction of its own, with the code the
 * client sees. GraphQL runs a request's mutation fields one after another, so one frame is open at
 * a time.
 */
export class RequestAudit implements TransactionAudit {
  private frame: Frame | null = null;

  constructor(
    private readonly options: AuditOptions,
    private readonly identity: Identity,
    private readonly requestId: string,
  ) {}

  /** The caller's database scope with this audit attached. */
  get scope(): DbScope {
    return { nodeId: this.identity.scopeNodeId, role: this.identity.role, audit: this };
  }

  async run<T>(operation: string, args: unknown, next: () => Promise<T>): Promise<T> {
    this.frame = { operation, arguments: maskArguments(args), pending: false, written: false };
    try {
      const result = await next();
      if (!this.frame.written) await this.options.database.transaction(this.scope, async () => result);
      return result;
    } catch (error) {
      const { code, message } = outcomeOf(error);
      const frame = this.frame;
      this.frame = null;
      try {
        await this.options.database.transaction({ nodeId: this.identity.scopeNodeId, role: this.identity.role }, async (em) =>
          this.write(em, frame, code, message, null),
        );
      } catch (failure) {
        // The caller is told what it did wrong, not that the record of it could not be written.
        logInternalError(failure);
      }
      throw error;
    } finally {
      this.frame = null;
    }
  }

  async beforeCommit(em: EntityManager, result: unknown): Promise<void> {
    const frame = this.frame;
    if (!frame || frame.written) return;
    await this.write(em, frame, 'OK', null, await this.options.targetOf(result, em));
    frame.pending = true;
  }

  committed(): void {
    if (this.frame?.pending) this.frame.written = true;
  }

  private async write(em: EntityManager, frame: Frame, outcome: string, message: string | null, target: AuditTarget | null): Promise<void> {
    const { scopeNodeId } = this.identity;
    const ancestry = target?.ancestry ?? (scopeNodeId ? await this.options.scopeAncestry(em, scopeNodeId) : {});
    await writeAuditEvent(em, this.options.schema, {
      requestId: this.requestId,
      subject: this.identity.subject,
      role: this.identity.role,
      grants: this.identity.grants ?? [],
      operation: frame.operation,
      outcome,
      message,
      targetId: target?.id ?? null,
      targetLevel: target?.level ?? null,
      ancestry,
      arguments: frame.arguments,
    });
  }
}

/**
 * Every Mutation field of `schema` runs inside its request's audit frame (the context's `audit`;
 * a context without one, such as a schema printed for composition, is not audited). The wrapper
 * is outermost, so argument validation and the input guard run inside it: invalid input is
 * recorded as a refusal. Only mutation fields are wrapped; reads pay nothing.
 */
export function auditMutationFields(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args: Record<string, unknown>, context: { audit?: RequestAudit }, info) =>
      context.audit
        ? context.audit.run(info.fieldName, args, async () => resolve(source, args, context, info))
        : resolve(source, args, context, info);
  }
  return schema;
}
