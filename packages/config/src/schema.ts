import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every setting of the platform, by the name of its environment variable. This object is the one
 * list: processes read their settings only through loadConfig (config.ts), which validates all of
 * them at start and refuses to start naming the variable at fault.
 *
 * To add a setting: add one entry here (a parser from this file, `.default(...)` or
 * `.optional()`, and `.describe(...)`), and a row in docs/operations.md. A setting whose default
 * depends on MODE is `.optional()` here with its two defaults in MODE_DEFAULTS below. Rules
 * between settings (and production's rules) live in config.ts.
 */

export const MODES = ['development', 'production'] as const;
export type Mode = (typeof MODES)[number];

/** A non-empty text (surrounding spaces removed). */
export const text = () => z.string().trim().min(1, { error: 'must not be empty' });

/** A whole number from `min` to `max`, written in decimal digits. */
export const whole = (min: number, max: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, { error: rule })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: rule });
};

/** `true` or `false`, nothing else (no `1`, `yes`, `on`: a typo must not read as either). */
export const flag = () => z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/** One of `values`. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** An absolute http:// or https:// URL. */
export const httpUrl = () =>
  text().refine(
    (value) => {
      try {
        return /^https?:$/.test(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'must be an http:// or https:// URL' },
  );

/** A PostgreSQL connection URL. */
export const postgresUrl = () =>
  text().refine(
    (value) => {
      try {
        return /^postgres(ql)?:$/.test(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'must be a URL like postgres://user:password@host:5432/database' },
  );

/**
 * `https://app.example.org` as a browser sends it in `Origin`: scheme, host and port only. Throws
 * for anything else (a path, a wildcard, a typo).
 */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not an origin like https://app.example.org`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new Error(`'${value}' must be scheme, host and optional port only, like https://app.example.org`);
  }
  return url.origin;
}

/** A comma-separated list of browser origins. */
export const origins = () =>
  z.string().transform((value, ctx) => {
    const parsed: string[] = [];
    for (const part of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      try {
        parsed.push(parseOrigin(part));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }
    return parsed;
  });

/** Address ranges express knows by name: 127.0.0.0/8 and ::1, 169.254.0.0/16 and fe80::/10, private ranges. */
export const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** An IPv4 or IPv6 address, alone or with a prefix length (a CIDR range such as 10.0.0.0/8). */
function isAddressOrRange(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** Which proxies the gateway believes about the client's address (express's `trust proxy`). */
export type TrustProxy = false | number | string[];

/**
 * `false` (none: the client is the socket's address), a number of proxies in front (1 to 20), or
 * a comma-separated list of the proxies' addresses, CIDR ranges and PROXY_RANGE_NAMES. Never
 * `true`: believing every X-Forwarded-For entry would let any client choose its address.
 */
export const trustProxy = () =>
  z
    .string()
    .trim()
    .transform((value, ctx): TrustProxy => {
      const refuse = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (value === 'false' || value === '0') return false;
      if (value === 'true') {
        return refuse('must not be true (any client could choose its address): give the number of proxies or their addresses');
      }
      if (/^\d+$/.test(value)) return Number(value) <= 20 ? Number(value) : refuse('must be at most 20 proxies');
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const bad = entries.find((entry) => !(PROXY_RANGE_NAMES as readonly string[]).includes(entry) && !isAddressOrRange(entry));
      if (bad !== undefined || !entries.length) {
        return refuse(
          `must be false, a number of proxies, or a comma-separated list of addresses, CIDR ranges and ${PROXY_RANGE_NAMES.join(', ')}${bad === undefined ? '' : `; '${bad}' is none of them`}`,
        );
      }
      return entries;
    });

/** A NATS server URL (nats:// or tls://). */
export const natsUrl = () =>
  text().refine(
    (value) => {
      try {
        return /^(nats|tls):$/.test(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'must be a URL like nats://host:4222' },
  );

export const EVENT_TRANSPORTS = ['postgres', 'nats'] as const;

export const INTROSPECTION_MODES = ['open', 'admins', 'off'] as const;
export type IntrospectionMode = (typeof INTROSPECTION_MODES)[number];

/** pino's levels, least verbose first; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  // --- Every process
  MODE: oneOf(MODES)
    .default('development')
    .describe(
      'development (local defaults, open introspection) or production (real secrets required, production settings on); independent of NODE_ENV',
    ),
  HOST: text().default('127.0.0.1').describe('Interface to listen on; 0.0.0.0 in containers'),
  PORT: whole(0, 65535)
    .optional()
    .describe('Listening port; the gateway 4000, membership 4001, savings-loan 4002, reporting 4003 unless set'),
  DATABASE_URL: postgresUrl()
    .optional()
    .describe('PostgreSQL of the subgraphs, migrate and seed (required by them); npm start starts its own when unset'),
  DATABASE_APP_URL: postgresUrl()
    .optional()
    .describe(
      'Where the subgraphs connect, as the application role (owns no table, bound by row-level security); unless set, DATABASE_URL with DATABASE_APP_ROLE and DATABASE_APP_PASSWORD',
    ),
  DATABASE_APP_ROLE: text()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case role name (letters, digits, _)' })
    .default('funds_app')
    .describe('The application role migrations create (when DATABASE_APP_URL is unset) and grant to'),
  DATABASE_APP_PASSWORD: text()
    .optional()
    .describe(
      "The application role's password, set by migrations; a development value unless set; production: required unless DATABASE_APP_URL is set, at least 32 characters",
    ),
  DB_POOL_SIZE: whole(1, 1000).default(10).describe('Database connections per service process'),
  LOG_LEVEL: oneOf(LOG_LEVELS)
    .default('info')
    .describe('Least level of the JSON log lines each process writes to stdout (silent: none); silent under jest unless set'),
  MIGRATE_ON_START: flag().default(true).describe('A subgraph migrates its own schema before listening'),

  // --- Tokens (packages/auth)
  AUTH_TOKEN_SECRET: text()
    .optional()
    .describe('HS256 secret of development tokens (npm run token); a development value unless set; production: at least 32 characters'),
  GATEWAY_IDENTITY_SECRET: text()
    .optional()
    .describe(
      'HS256 secret of the identity the gateway forwards to subgraphs; a development value unless set; production: required, at least 32 characters',
    ),
  AUTH_TOKEN_MAX_LIFETIME_SECONDS: whole(60, 30 * 24 * 3600)
    .default(24 * 3600)
    .describe('Longest a caller token may be valid, from iat to exp; tokens without exp are refused'),
  AUTH_DEV_TOKENS: flag()
    .optional()
    .describe('Accept HS256 development tokens; development: true unless OIDC_ISSUER is set; production: false (true warns)'),
  OIDC_ISSUER: httpUrl()
    .optional()
    .describe('OpenID Connect issuer: the exact iss of tokens; turns OIDC tokens on; its JWKS is discovered unless given'),
  OIDC_AUDIENCE: text().optional().describe('The aud tokens must carry; required in production when OIDC is on'),
  OIDC_JWKS_URL: httpUrl().optional().describe("The issuer's JWKS URL (instead of discovery)"),
  OIDC_JWKS_FILE: text().optional().describe('A local JWKS file (instead of discovery), read at start'),
  OIDC_CLOCK_TOLERANCE_SECONDS: whole(0, 300).default(60).describe('Clock skew allowed on exp, nbf and iat'),
  OIDC_ROLE_CLAIM: text()
    .default('funds_role')
    .describe('Claim holding the role: its name, or a dotted path such as realm_access.funds_role'),
  OIDC_NODE_CLAIM: text().default('funds_node').describe('Claim holding the scope node id: its name, or a dotted path'),

  // --- Gateway
  SUPERGRAPH_PATH: text().default('schema/supergraph.graphql').describe('Composed supergraph, relative to the repository root'),
  MEMBERSHIP_URL: httpUrl().optional().describe("The membership subgraph's GraphQL URL (the supergraph's unless set)"),
  SAVINGS_LOAN_URL: httpUrl().optional().describe("The savings-loan subgraph's GraphQL URL"),
  REPORTING_URL: httpUrl().optional().describe("The reporting subgraph's GraphQL URL"),
  READY_TIMEOUT_MS: whole(0, 600_000)
    .default(30_000)
    .describe('How long the gateway waits at start for every subgraph /health before logging ready (or not ready, and serving)'),
  CORS_ORIGINS: origins().default([]).describe('Comma-separated browser origins allowed to call the API; none unless set'),
  RATE_LIMIT_POINTS: whole(1, 1_000_000).default(600).describe('Requests per window per client (token subject, else address)'),
  RATE_LIMIT_DURATION: whole(1, 86_400).default(10).describe('The rate limit window, in seconds'),
  TRUST_PROXY: trustProxy()
    .default(false)
    .describe(
      "Proxies in front of the gateway whose X-Forwarded-For gives the client's address (for the rate limit): false (none), their number, or their addresses/CIDR ranges, comma-separated",
    ),
  INTROSPECTION: oneOf(INTROSPECTION_MODES)
    .optional()
    .describe('Who may introspect the schema: open (anyone, also anonymous), admins (national and regional admins), off'),
  FIELD_SUGGESTIONS: flag().optional().describe('"Did you mean ...?" in error messages'),
  CSRF_PREVENTION: flag().default(true).describe("Apollo's CSRF prevention (simple requests without a preflight header refused)"),
  REQUEST_BODY_LIMIT_BYTES: whole(1024, 16 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest request body the gateway reads'),
  REQUEST_TIMEOUT_MS: whole(100, 600_000)
    .optional()
    .describe('Longest an operation may take at the gateway; over it: 504 TIMEOUT and the subgraph fetches are aborted'),
  QUERY_MAX_DEPTH: whole(1, 100).default(12).describe('Deepest field nesting (fragments expanded)'),
  QUERY_MAX_ALIASES: whole(0, 1000).default(30).describe('Most aliases in one operation'),
  QUERY_MAX_DIRECTIVES: whole(0, 1000).default(50).describe('Most directives in one operation'),
  QUERY_MAX_TOKENS: whole(10, 100_000).default(2000).describe('Most lexical tokens in the query text'),
  QUERY_MAX_COST: whole(1, 10_000_000).default(20_000).describe('Highest cost of one operation (pages multiply)'),
  QUERY_MAX_PAGE_SIZE: whole(1, 10_000).default(100).describe('Largest first/last a query may ask for'),

  // --- Events between services (packages/events)
  EVENTS_POLL_INTERVAL_MS: whole(10, 600_000)
    .default(1000)
    .describe(
      "Longest an event consumer waits before reading its producer's outbox again when no notification comes (LISTEN/NOTIFY wakes it at once)",
    ),
  EVENTS_BATCH_SIZE: whole(1, 10_000).default(200).describe('Events a consumer applies in one database transaction'),
  EVENTS_TRANSPORT: oneOf(EVENT_TRANSPORTS)
    .default('postgres')
    .describe(
      "What carries events from the producers' outboxes to consumers: postgres (consumers read the outbox) or nats (each producer relays its outbox to NATS JetStream, consumers read the streams)",
    ),
  NATS_URL: natsUrl()
    .default('nats://127.0.0.1:4222')
    .describe('EVENTS_TRANSPORT=nats: the NATS server (JetStream enabled), nats://host:port'),
  EVENTS_NATS_ACK_WAIT_MS: whole(1000, 3_600_000)
    .default(30_000)
    .describe('EVENTS_TRANSPORT=nats: how long JetStream waits for a consumer to ack a batch before delivering it again'),
  EVENTS_MEMBERSHIP_OUTBOX_URL: postgresUrl()
    .optional()
    .describe(
      "Where consumers read membership's outbox, as the application role; unless set, the consumer's own database (one cluster in development, tests and compose)",
    ),

  // --- Reporting (services/reporting)
  REPORTING_WARM_INTERVAL_MS: whole(0, 86_400_000)
    .default(60_000)
    .describe(
      "How often reporting computes today's missing portfolio snapshots of every province (so no dashboard pays for them); 0: never (they are then computed when first asked for)",
    ),

  // --- npm start (scripts/start.mjs) and its embedded PostgreSQL
  GATEWAY_PORT: whole(1, 65535).default(4000).describe('npm start: port of the gateway'),
  MEMBERSHIP_PORT: whole(1, 65535).default(4001).describe('npm start: port of the membership subgraph'),
  SAVINGS_LOAN_PORT: whole(1, 65535).default(4002).describe('npm start: port of the savings-loan subgraph'),
  REPORTING_PORT: whole(1, 65535).default(4003).describe('npm start: port of the reporting subgraph'),
  EMBEDDED_PG_PORT: whole(1, 65535).default(5433).describe('npm start: port of the PostgreSQL it starts from npm'),
  EMBEDDED_PG_DIR: text().optional().describe('npm start: data folder of that PostgreSQL (.data/postgres unless set)'),
});

/** The settings as parsed, before MODE's defaults are applied. */
export type Settings = z.output<typeof configSchema>;

/** Defaults that differ by MODE: the setting is `.optional()` in configSchema, filled from here. */
export const MODE_DEFAULTS = {
  INTROSPECTION: { development: 'open', production: 'admins' },
  FIELD_SUGGESTIONS: { development: true, production: false },
  REQUEST_TIMEOUT_MS: { development: 30_000, production: 10_000 },
} as const satisfies { [K in keyof Settings]?: Record<Mode, NonNullable<Settings[K]>> };

/**
 * Variables named like a setting (these prefixes) but not in configSchema are refused: a typo such
 * as OIDC_AUDIANCE would otherwise leave the audience unchecked without a word.
 */
export const SETTING_PREFIXES = ['AUTH_', 'EVENTS_', 'OIDC_', 'QUERY_', 'RATE_LIMIT_', 'REQUEST_'] as const;

/** Variables whose values are never repeated in an error message. */
export const SENSITIVE = /SECRET|PASSWORD|DATABASE_URL|DATABASE_APP_URL|OUTBOX_URL|NATS_URL/;
