import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import pino, { DestinationStream, Logger } from 'pino';
import { LOG_LEVELS } from '@funds/config';

export type { Logger } from 'pino';

// ---------------------------------------------------------------------------------------------
// Masking: no personal data in any line
// ---------------------------------------------------------------------------------------------

/** Candidates: digits, possibly after `+`, joined by at most two of space, dash or parentheses. */
const NUMBER_LIKE = /\+?\d(?:[\s()-]{0,2}\d)*/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** `Bearer <anything>` and JSON Web Tokens (three base64url parts, the first `eyJ`). */
const BEARER = /\bBearer\s+\S+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]*\.[\w-]*/g;
/** A partner app's API key (fk_<key id>_<secret>): the key id may stay, the secret never. */
const API_KEY = /\b(fk_[0-9a-f-]{36}_)[\w-]{43}/g;

function maskNumber(candidate: string): string {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits >= 9) return '[number]';
  // 6-8 digits shaped like a phone (a leading +, or groups with separators), but not a date.
  const phoneShaped = candidate.startsWith('+') || /[\s()-]/.test(candidate);
  if (digits >= 6 && phoneShaped && !ISO_DATE.test(candidate)) return '[number]';
  return candidate;
}

/**
 * The text with what may be personal data or a credential replaced: runs of 9 or more digits
 * (national ids, phones, account numbers; spaced or dashed too) and phone-shaped groups of 6-8
 * digits become `[number]`; bearer tokens and JWTs become `[token]`, an API key's secret `[secret]`. Dates (2026-11-22) and ids
 * (UUIDs) stay.
 */
export function maskText(text: string): string {
  const tokensMasked = text.replace(BEARER, 'Bearer [token]').replace(JWT, '[token]').replace(API_KEY, '$1[secret]');
  // Ids (UUIDs) are no personal data and must stay whole: only the text between them is searched.
  let out = '';
  let last = 0;
  for (const id of tokensMasked.matchAll(UUID)) {
    out += tokensMasked.slice(last, id.index).replace(NUMBER_LIKE, maskNumber) + id[0];
    last = id.index + id[0].length;
  }
  return out + tokensMasked.slice(last).replace(NUMBER_LIKE, maskNumber);
}

/** Fields never masked: correlation ids, which the platform makes or which a caller chose. */
const UNMASKED = new Set(['requestId', 'subject']);

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => masked(item, depth + 1));
  if (value instanceof Error) return value; // the err serializer masks it
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, UNMASKED.has(key) ? v : masked(v, depth + 1)]));
}

/**
 * An error as a log field: its name, message, code and stack frames, masked. Nothing else: a
 * database error's `detail`, `parameters` or `query` can hold a national id, so they are left out.
 */
export function serializeError(error: unknown): { type: string; message: string; code?: string; subgraph?: string; stack?: string } {
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    extensions?: { code?: unknown; serviceName?: unknown };
    stack?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;
  // The gateway's errors about a subgraph name it (for the log only; clients never see it).
  const subgraph = typeof e.extensions?.serviceName === 'string' ? e.extensions.serviceName : undefined;
  const frames = typeof e.stack === 'string' ? e.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
  return {
    type: typeof e.name === 'string' ? e.name : typeof error,
    message: maskText(typeof e.message === 'string' ? e.message : 'no message'),
    ...(code ? { code } : {}),
    ...(subgraph ? { subgraph } : {}),
    ...(frames.length ? { stack: maskText(frames.slice(0, STACK_FRAMES).join('\n')) } : {}),
  };
}
const STACK_FRAMES = 8;

/** Paths censored should a request, its headers or its variables ever be passed to a logger. */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'cookie',
  '*.cookie',
  'headers.cookie',
  '*.headers.cookie',
  'x-gateway-identity',
  '*["x-gateway-identity"]',
  'headers["x-gateway-identity"]',
  '*.headers["x-gateway-identity"]',
  'token',
  '*.token',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'variables',
  '*.variables',
  'nationalId',
  '*.nationalId',
  'phone',
  '*.phone',
];

// ---------------------------------------------------------------------------------------------
// Loggers
// ---------------------------------------------------------------------------------------------

let injected: { stream: DestinationStream; level: string } | null = null;

/**
 * Sends the lines of every logger created after this call to `stream` at `level` (tests capture
 * the lines this way); returns a function that restores the default (stdout at LOG_LEVEL).
 */
export function useLogDestination(stream: DestinationStream, level = 'info'): () => void {
  injected = { stream, level };
  return () => {
    injected = null;
  };
}

/**
 * The level of a logger made without one: LOG_LEVEL (one of packages/config's LOG_LEVELS),
 * else `silent` under jest (JEST_WORKER_ID is set) so test output stays clean, else `info`.
 * A LOG_LEVEL that is no level counts as unset here: the processes' loadConfig refuses it at start.
 */
export function logLevel(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const level = env.LOG_LEVEL?.trim();
  if (level && (LOG_LEVELS as readonly string[]).includes(level)) return level;
  return env.JEST_WORKER_ID ? 'silent' : 'info';
}

/**
 * A JSON logger for one service: one line per event with `level` (its name), `time` (ISO),
 * `service`, the event's fields and `msg`. Every string is masked (see maskText) except
 * `requestId` and `subject`; errors keep only name, message, code and stack; credential and
 * personal-data paths are redacted. Goes to `stream` (else the one useLogDestination set, else
 * stdout) at `level` (else LOG_LEVEL).
 */
export function createLogger(service: string, options: { stream?: DestinationStream; level?: string } = {}): Logger {
  const stream = options.stream ?? injected?.stream;
  const level = options.level ?? (options.stream ? 'info' : (injected?.level ?? logLevel()));
  const settings: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => masked(arg)) as Parameters<typeof method>);
      },
    },
  };
  return stream ? pino(settings, stream) : pino(settings);
}

/** The message of an error, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

let fallback: Logger | undefined;
/** Logs an internal error where no logger was given (a JSON logger on stdout at LOG_LEVEL, made on first use). */
export function logInternalError(error: unknown): void {
  internalErrorLogger((fallback ??= createLogger('app')))(error);
}

/** Logs an internal error (`err`: name, masked message, code, stack) at `error` level, with the current request's id. */
export function internalErrorLogger(logger: Logger, what = 'internal error'): (error: unknown) => void {
  return (error) => logger.error({ requestId: currentRequest()?.requestId, err: error }, what);
}

// ---------------------------------------------------------------------------------------------
// One line per request
// ---------------------------------------------------------------------------------------------

/** What is known about the request being served, filled in as it goes. */
export interface RequestRecord {
  requestId: string;
  subject: string | null;
  role: string | null;
  operationName: string | null;
  /** The `extensions.code` of every error answered, in order, once each. */
  errorCodes: string[];
}

const requests = new AsyncLocalStorage<RequestRecord>();
const RECORD = Symbol('requestRecord');
type WithRecord = { [RECORD]?: RequestRecord };

/** The request being served by this async context (inside bindRequestRecord), if any. */
export function currentRequest(): RequestRecord | undefined {
  return requests.getStore();
}

/** The record of an HTTP request (from requestLogging). */
export function requestRecord(req: IncomingMessage): RequestRecord | undefined {
  return (req as WithRecord)[RECORD];
}

/** Notes an error code answered to the request (the current one, or `req`'s). */
export function noteErrorCode(code: unknown, req?: IncomingMessage): void {
  const record = req ? requestRecord(req) : currentRequest();
  if (record && typeof code === 'string' && !record.errorCodes.includes(code)) record.errorCodes.push(code);
}

/** Notes who is calling: subject and role only (never a token). */
export function noteCaller(req: IncomingMessage, identity: { subject?: unknown; role?: unknown } | null | undefined): void {
  const record = requestRecord(req);
  if (!record || !identity) return;
  record.subject = typeof identity.subject === 'string' ? identity.subject : null;
  record.role = typeof identity.role === 'string' ? identity.role : null;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * The first middleware of every app: gives the request its id (a well-formed `x-request-id` it
 * came with, else a new UUID; written back into the request headers, so the GraphQL context
 * reads the same one, and into the response) and writes one line when the response is done:
 *
 * `{ requestId, method, path, status, durationMs, subject, role, operationName, outcome, errorCodes? }`
 *
 * `outcome` is `ok`, `error` (then `errorCodes` lists the codes answered, if any) or `aborted`
 * (the client went away first). Level `debug` for `quietPaths` (the health probes), `error` for
 * 5xx or INTERNAL_SERVER_ERROR, `info` otherwise. Query strings, bodies, variables and headers are never logged.
 */
export function requestLogging(logger: Logger, options: { quietPaths?: string[] } = {}): RequestHandler {
  const quiet = new Set(options.quietPaths ?? ['/health', '/ready']);
  return (req, res, next) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const record: RequestRecord = { requestId, subject: null, role: null, operationName: null, errorCodes: [] };
    (req as WithRecord)[RECORD] = record;
    const path = req.originalUrl.split('?')[0];
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const aborted = !res.writableFinished;
      const status = res.statusCode;
      const bodyName = (req.body as { operationName?: unknown } | undefined)?.operationName;
      const operationName = record.operationName ?? (typeof bodyName === 'string' && OPERATION_NAME.test(bodyName) ? bodyName : null);
      const failed = record.errorCodes.length > 0 || status >= 400;
      const line = {
        requestId,
        method: req.method,
        path,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        subject: record.subject,
        role: record.role,
        operationName,
        outcome: aborted ? 'aborted' : failed ? 'error' : 'ok',
        ...(record.errorCodes.length ? { errorCodes: record.errorCodes } : {}),
      };
      // Probes are debug even when 503: /health and /ready log what is down themselves.
      if (quiet.has(path)) logger.debug(line, 'request');
      else if (status >= 500 || record.errorCodes.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'request');
      else logger.info(line, 'request');
    };
    res.once('finish', write);
    res.once('close', write);
    next();
  };
}

/**
 * Runs the rest of the request inside its record's async context, so the GraphQL plugin and the
 * error formatter (which see no request) note the operation and the error codes. Put it after
 * the body parser (whose callbacks lose the async context), right before the GraphQL handler.
 */
export function bindRequestRecord(): RequestHandler {
  return (req, _res, next) => {
    const record = requestRecord(req);
    if (record) requests.run(record, next);
    else next();
  };
}

/** Notes the operation's name (as resolved from the document) in the request's record. */
export function requestRecordPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          const record = currentRequest();
          if (record) record.operationName = operationName ?? null;
        },
      };
    },
  };
}
