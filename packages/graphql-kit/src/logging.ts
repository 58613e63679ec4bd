import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import pino, { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Digit runs that may be a national id, a phone number or an account number: 9 or more digits,
 * possibly with a leading `+` and single spaces or dashes between them.
 */
const LONG_NUMBER = /\+?\d(?:[\s-]?\d){8,}/g;

/** The text with every long digit run (national ids, phones) replaced by `[number]`. */
export function maskNumbers(text: string): string {
  return text.replace(LONG_NUMBER, '[number]');
}

/** Header paths censored should a request or its headers ever be logged. */
const REDACT = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'headers.authorization',
  'x-gateway-identity',
  '*["x-gateway-identity"]',
  '*.headers["x-gateway-identity"]',
  'headers["x-gateway-identity"]',
  'cookie',
  '*.cookie',
  '*.headers.cookie',
];

let injected: { stream: DestinationStream; level: string } | null = null;

/**
 * Sends the logs of every logger created after this call to `stream` at `level` (tests capture
 * the lines this way); returns a function that restores the default (stdout).
 */
export function useLogDestination(stream: DestinationStream, level = 'info'): () => void {
  injected = { stream, level };
  return () => {
    injected = null;
  };
}

/** LOG_LEVEL, else `silent` under jest (JEST_WORKER_ID is set), else `info`. */
export function logLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  return process.env.JEST_WORKER_ID ? 'silent' : 'info';
}

function masked(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbers(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === 'string' ? maskNumbers(v) : v]));
  }
  return value;
}

/**
 * A JSON logger for one service: one line per event with `time` (ISO), `level` (its name),
 * `service`, and the event's fields. Strings are masked (see maskNumbers); auth headers are redacted.
 */
export function createLogger(service: string, options: { stream?: DestinationStream; level?: string } = {}): Logger {
  const stream = options.stream ?? injected?.stream;
  const level = options.level ?? (options.stream ? 'info' : (injected?.level ?? logLevel()));
  const settings: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(masked) as Parameters<typeof method>);
      },
    },
  };
  return stream ? pino(settings, stream) : pino(settings);
}

/** The message of an internal error only: no stack, no variables, no SQL parameters. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Logs an internal error (its message, masked) at `error` level. */
export function internalErrorLogger(logger: Logger, what = 'internal error'): (error: unknown) => void {
  return (error) => logger.error({ error: errorMessage(error) }, what);
}

interface RequestContextLike {
  requestId?: string;
  identity?: { subject: string; role: string } | null;
}

/**
 * One log line per GraphQL request, when its response is sent: requestId, the caller's subject and
 * role (never the token), operationName, durationMs, status and outcome (`ok`, or the error codes
 * joined by commas). Variables, the query text and headers are never logged.
 */
export function requestLogPlugin<C extends object>(logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart(start) {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, request, response }) {
          const context = contextValue as RequestContextLike;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [
            ...new Set(errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'))),
          ];
          const line = {
            requestId: context.requestId ?? null,
            subject: context.identity?.subject ?? null,
            role: context.identity?.role ?? null,
            operationName: operationName ?? request.operationName ?? start.request.operationName ?? null,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            status: response.http.status ?? 200,
            outcome: codes.length ? codes.join(',') : 'ok',
          };
          if (codes.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'graphql request');
          else logger.info(line, 'graphql request');
        },
      };
    },
  };
}
