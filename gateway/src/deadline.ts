import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { sendGraphQLError } from '@funds/graphql-kit';

/** The time limit of one request: its signal aborts when the limit is reached. */
export interface Deadline {
  signal: AbortSignal;
  limitMs: number;
}

/** The request's deadline (set by requestDeadline); one that never fires when there is none. */
export function deadlineOf(res: Response): Deadline {
  return (res.locals.deadline as Deadline | undefined) ?? { signal: new AbortController().signal, limitMs: Infinity };
}

function timedOut(res: Response): boolean {
  return deadlineOf(res).signal.aborted;
}

/**
 * A time limit per request (REQUEST_TIMEOUT_MS), from its first byte. When it is reached the
 * client is answered at once with HTTP 504 and TIMEOUT (details: limitMs), and the request's
 * signal aborts: the subgraph fetches in flight are cancelled (IdentityForwardingDataSource) and
 * nothing more is started for it. Whatever the request was still doing finds its answer already
 * sent and is dropped (see afterDeadline).
 */
export function requestDeadline(limitMs: number): RequestHandler {
  return (req, res, next) => {
    const controller = new AbortController();
    res.locals.deadline = { signal: controller.signal, limitMs } satisfies Deadline;
    const timer = setTimeout(() => {
      controller.abort(new Error(`The request took longer than ${limitMs} ms`));
      if (res.headersSent) return;
      // The connection ends with the answer: a body still arriving is not waited for.
      res.setHeader('connection', 'close');
      sendGraphQLError(
        req,
        res,
        504,
        'TIMEOUT',
        `The request took longer than the limit of ${limitMs} ms and was stopped. A mutation may or may not have been applied: read before you repeat it.`,
        { limitMs },
      );
    }, limitMs);
    const done = () => clearTimeout(timer);
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

/** Goes no further once the deadline has answered the request (a slow body, for one). */
export const stopAfterDeadline: RequestHandler = (_req, res, next) => {
  if (!timedOut(res)) next();
};

/**
 * Wraps the GraphQL handler: once the deadline has answered, its late answer (Apollo writing
 * headers to a response already sent) is dropped instead of reaching the error handlers.
 */
export function afterDeadline(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res, (error?: unknown) => (timedOut(res) ? undefined : next(error)));
    } catch (error) {
      if (!timedOut(res)) next(error);
    }
  };
}

/** Errors after the deadline answered (a body that arrived too late, cut short) are not reported again. */
export const ignoreAfterDeadline: ErrorRequestHandler = (error, _req, res, next) => {
  if (timedOut(res) && res.headersSent) return;
  next(error);
};
