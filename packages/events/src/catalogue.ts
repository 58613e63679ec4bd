import { z } from 'zod';

/**
 * The machinery of a typed, versioned event catalogue: each event type has a name, a version and
 * a payload schema (zod: the TypeScript type and the runtime validator in one). Producers build
 * events only through a catalogue's constructor (`OutboxEvent` is branded, so an object written by
 * hand does not compile where an event is expected); consumers decode what they read with the same
 * catalogue and get a discriminated union of typed events.
 *
 * Versions: a payload change that an existing consumer could misread (a field removed, renamed or
 * given another meaning) is a new version; adding an optional field is not. A consumer meeting a
 * version its catalogue does not know stops (EventVersionError) rather than guess: deploy
 * consumers before producers.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  version: number;
  payload: S;
  /** The aggregate the event is about, and the fund it belongs to (books and read models shard by fund). */
  key: (payload: z.output<S>) => { aggregateType: string; aggregateId: string; fundId: string | null };
}

export type Catalogue = Record<string, EventDefinition>;

/** Defines one event type (keeps the payload schema's type for the constructor and the decoder). */
export function defineEvent<S extends z.ZodType>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

declare const outboxEvent: unique symbol;

/** An event built by a catalogue's constructor, ready for the outbox (recordEvents). */
export interface OutboxEvent {
  readonly [outboxEvent]: true;
  readonly type: string;
  readonly version: number;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly fundId: string | null;
  readonly payload: Record<string, unknown>;
}

export type EventType<C extends Catalogue> = Extract<keyof C, string>;
export type PayloadOf<C extends Catalogue, N extends EventType<C>> = z.input<C[N]['payload']>;

/** A decoded event of catalogue C: `type` narrows `payload`. */
export type CatalogueEvent<C extends Catalogue> = {
  [N in EventType<C>]: { type: N; version: C[N]['version']; payload: z.output<C[N]['payload']> };
}[EventType<C>];

/** What a transport delivers: the envelope every event travels in, payload still undecoded. */
export interface EventEnvelope {
  /** Unique per event (UUID v7): consumers apply each id once. */
  id: string;
  /** The service whose outbox holds it (membership, savings-loan, ...). */
  producer: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  fundId: string | null;
  payload: unknown;
  actor: string | null;
  occurredAt: Date;
}

/** The event's version is not one the consumer's catalogue knows: the consumer must be upgraded. */
export class EventVersionError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
    readonly known: number,
  ) {
    super(`Event ${type} v${version} is not known to this consumer (it knows v${known}); upgrade the consumer`);
    this.name = 'EventVersionError';
  }
}

/**
 * Parses a payload read from a producer as a tolerant reader: fields the schema does not know (an
 * optional field a newer producer added within the same version) are dropped, not refused; any
 * other mismatch throws. Building stays strict.
 */
function parseTolerant(schema: z.ZodType, payload: unknown): unknown {
  let value = structuredClone(payload);
  for (;;) {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const extra = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (extra.length === 0 || extra.length < result.error.issues.length) throw result.error;
    for (const issue of extra) {
      const holder = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown>)[key], value) as Record<string, unknown>;
      for (const key of issue.keys) delete holder[key];
    }
    value = structuredClone(value);
  }
}

/** A catalogue's constructor and decoder. */
export interface CatalogueKit<C extends Catalogue> {
  readonly catalogue: C;
  /** Builds an event for the outbox; the payload is type-checked here and validated (strictly) at run time. */
  build<N extends EventType<C>>(type: N, payload: PayloadOf<C, N>): OutboxEvent;
  /**
   * Decodes an envelope: the typed event, or null when the type is not in the catalogue (a newer
   * producer's event the consumer has no use for). Fields it does not know are dropped (a tolerant
   * reader). Throws EventVersionError for an unknown version and a ZodError for a payload that
   * does not match its type.
   */
  decode(envelope: Pick<EventEnvelope, 'type' | 'version' | 'payload'>): CatalogueEvent<C> | null;
}

export function catalogueKit<C extends Catalogue>(catalogue: C): CatalogueKit<C> {
  return {
    catalogue,
    build(type, payload) {
      const definition = catalogue[type];
      const parsed = definition.payload.parse(payload) as Record<string, unknown>;
      return { type, version: definition.version, ...definition.key(parsed), payload: parsed } as unknown as OutboxEvent;
    },
    decode(envelope) {
      if (!Object.hasOwn(catalogue, envelope.type)) return null;
      const definition = catalogue[envelope.type];
      if (envelope.version !== definition.version) throw new EventVersionError(envelope.type, envelope.version, definition.version);
      return {
        type: envelope.type,
        version: envelope.version,
        payload: parseTolerant(definition.payload, envelope.payload),
      } as CatalogueEvent<C>;
    },
  };
}
