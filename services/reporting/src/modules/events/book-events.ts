import type { EventEnvelope } from '@funds/events';

/** The producer name of savings-loan's outbox. */
export const SAVINGS_LOAN_PRODUCER = 'savings-loan';
/** The schema of savings-loan's outbox. */
export const SAVINGS_LOAN_OUTBOX_SCHEMA = 'savings_loan';

/**
 * savings-loan's book events as reporting reads them (savings-loan writes them with `bookEvent`,
 * modules/ledger/ledger.events.ts there): every payload carries `version`, `fundId` and the fund's
 * `ancestry`. A tolerant reader: fields reporting does not use are ignored; a field it uses that
 * is missing or of the wrong kind stops the consumer (BookEventError), rather than a guess.
 */
export class BookEventError extends Error {
  constructor(envelope: Pick<EventEnvelope, 'id' | 'type'>, problem: string) {
    super(`savings-loan event ${envelope.type} ${envelope.id}: ${problem}`);
    this.name = 'BookEventError';
  }
}

/** The event version this reader knows (the outbox row's `version`). */
const KNOWN_VERSION = 1;

export interface FundPlace {
  fundId: string;
  provinceId: string;
  countyId: string;
  villageId: string;
}

export interface ScheduleLine {
  number: number;
  dueOn: string;
  principal: string;
  interest: string;
  fee: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** Reads the fields of one book event's payload, checking each as it is asked for. */
export class BookPayload {
  private readonly payload: Record<string, unknown>;

  constructor(private readonly envelope: EventEnvelope) {
    if (!envelope.payload || typeof envelope.payload !== 'object') throw new BookEventError(envelope, 'the payload is not an object');
    this.payload = envelope.payload as Record<string, unknown>;
    // The envelope's version (the outbox's column); the payload's says the same (bookEvent writes
    // it after the payload's own fields, so a payload never shadows it).
    if (envelope.version !== KNOWN_VERSION) {
      throw new BookEventError(envelope, `version ${envelope.version} is not known to reporting; upgrade it`);
    }
  }

  get type(): string {
    return this.envelope.type;
  }

  get occurredAt(): Date {
    return this.envelope.occurredAt;
  }

  place(): FundPlace {
    const ancestry = this.payload.ancestry as Record<string, unknown> | undefined;
    if (!ancestry || typeof ancestry !== 'object') throw this.problem('ancestry');
    return {
      fundId: this.id('fundId'),
      provinceId: this.check(ancestry.provinceId, UUID, 'ancestry.provinceId'),
      countyId: this.check(ancestry.countyId, UUID, 'ancestry.countyId'),
      villageId: this.check(ancestry.villageId, UUID, 'ancestry.villageId'),
    };
  }

  id(field: string): string {
    return this.check(this.payload[field], UUID, field);
  }

  optionalId(field: string): string | null {
    const value = this.payload[field];
    return value === null || value === undefined ? null : this.check(value, UUID, field);
  }

  day(field: string): string {
    return this.check(this.payload[field], DAY, field);
  }

  /** A day the payload may lack (events written before it was added): null then. */
  optionalDay(field: string): string | null {
    const value = this.payload[field];
    return value === null || value === undefined ? null : this.check(value, DAY, field);
  }

  amount(field: string): string {
    return this.check(this.payload[field], AMOUNT, field);
  }

  /** An amount the payload may lack (events written before it was added): null then. */
  optionalAmount(field: string): string | null {
    const value = this.payload[field];
    return value === null || value === undefined ? null : this.check(value, AMOUNT, field);
  }

  text(field: string): string {
    const value = this.payload[field];
    if (typeof value !== 'string' || value === '') throw this.problem(field);
    return value;
  }

  integer(field: string): number {
    const value = this.payload[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.problem(field);
    return value;
  }

  schedule(field = 'schedule'): ScheduleLine[] {
    const lines = this.payload[field];
    if (!Array.isArray(lines) || lines.length === 0) throw this.problem(field);
    return lines.map((line: Record<string, unknown>, i) => {
      const at = `${field}[${i}]`;
      if (!line || typeof line !== 'object') throw this.problem(at);
      if (typeof line.number !== 'number' || !Number.isInteger(line.number)) throw this.problem(`${at}.number`);
      return {
        number: line.number,
        dueOn: this.check(line.dueOn, DAY, `${at}.dueOn`),
        principal: this.check(line.principal, AMOUNT, `${at}.principal`),
        interest: this.check(line.interest, AMOUNT, `${at}.interest`),
        fee: this.check(line.fee, AMOUNT, `${at}.fee`),
      };
    });
  }

  private check(value: unknown, pattern: RegExp, field: string): string {
    if (typeof value !== 'string' || !pattern.test(value)) throw this.problem(field);
    return value;
  }

  private problem(field: string): BookEventError {
    return new BookEventError(this.envelope, `its payload lacks a valid ${field}`);
  }
}
