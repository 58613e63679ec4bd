import express from 'express';
import type { Request, Response } from 'express';
import { AuthError } from '@funds/auth';
import { isUuid } from '@funds/db-kit';
import {
  CSV_BOM,
  CSV_MEDIA_TYPE,
  DomainError,
  EXPORT_PAGE_SIZE,
  MEMBER_EXPORT_PATH,
  NEXT_AFTER_HEADER,
  crlfLines,
  csvLine,
  firstCsvLines,
  noteErrorCode,
  pageSize,
} from '@funds/graphql-kit';
import type { NodeRef } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { MemberStatus } from './member.enums';
import { areaExport } from './member.loaders';

/**
 * The export's columns, in order: Member's field names (fundId and groupId are `fund { id }` and
 * `group { id }`), the repository's EXPORT_COLUMNS one for one, whose cells Postgres writes
 * (MemberRepository.exportCsv: every cell quoted, free text formula-guarded as csvCell guards it).
 * This is the contract partner systems code against (docs/api-guide.md): add columns at the end only.
 */
const COLUMNS = ['id', 'givenName', 'familyName', 'nationalId', 'birthDate', 'sex', 'status', 'joinedOn', 'fundId', 'groupId'];
/** What every answer starts with: UTF-8's byte order mark and the header row. */
const HEAD = Buffer.from(CSV_BOM + csvLine(COLUMNS), 'utf8');
/** The columns the permission table guards one by one (Member.<field> rows), decided as GraphQL decides them. */
const GUARDED = ['nationalId', 'birthDate'] as const;

const STATUSES = new Set<string>(Object.values(MemberStatus));

/** HTTP status of each code this route answers. */
function statusOf(code: string): number {
  if (code === 'UNAUTHENTICATED' || code === 'INVALID_TOKEN' || code === 'NOT_FROM_GATEWAY') return 401;
  if (code === 'SERVICE_UNAVAILABLE') return 503;
  if (code === 'FORBIDDEN') return 403;
  if (code === 'NOT_FOUND') return 404;
  return 400;
}

function refuse(req: Request, res: Response, code: string, message: string, field?: string, details?: Record<string, unknown>): void {
  noteErrorCode(code, req);
  res
    .status(statusOf(code))
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...(field ? { field } : {}), ...(details ? { details } : {}) } }] }));
}

/** One query parameter given at most once: its text, undefined when absent, null when repeated or not text. */
function param(req: Request, name: string): string | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

interface ExportRequest {
  areaId: string;
  whole: boolean;
  first: number;
  after: string | null;
  statuses: string[] | null;
}

/** The query's parameters, checked; a DomainError naming the parameter when one is wrong. */
function readRequest(req: Request): ExportRequest {
  const areaId = param(req, 'areaId');
  if (!areaId || !isUuid(areaId)) {
    throw new DomainError('INVALID_INPUT', 'Give areaId once: the id of a province, county or village', 'areaId');
  }
  const firstText = param(req, 'first');
  let first = EXPORT_PAGE_SIZE;
  if (firstText !== undefined) {
    if (firstText === null || !/^-?\d{1,6}$/.test(firstText)) {
      throw new DomainError('INVALID_PAGE_SIZE', `first must be between 1 and ${EXPORT_PAGE_SIZE}; got ${String(firstText)}`, 'first');
    }
    first = pageSize(Number(firstText), EXPORT_PAGE_SIZE);
  }
  const after = param(req, 'after');
  if (after === null || after === '') {
    throw new DomainError('INVALID_CURSOR', 'Give after at most once: the X-Next-After of the previous page', 'after');
  }
  const statusText = param(req, 'status');
  let statuses: string[] | null = null;
  if (statusText !== undefined) {
    statuses = statusText === null ? [] : [...new Set(statusText.split(','))];
    if (statuses.length === 0 || statuses.some((s) => !STATUSES.has(s))) {
      throw new DomainError('INVALID_INPUT', `status is a comma-separated list of ${[...STATUSES].join(', ')}`, 'status');
    }
  }
  const all = param(req, 'all');
  if (all !== undefined && all !== 'true' && all !== 'false') {
    throw new DomainError('INVALID_INPUT', 'all is true (the whole area from after on, in one answer) or false (one page)', 'all');
  }
  const whole = all === 'true';
  if (whole && firstText !== undefined) {
    throw new DomainError('INVALID_INPUT', 'Give first or all=true, not both: all=true answers the whole area', 'first');
  }
  return { areaId, whole, first, after: after ?? null, statuses };
}

/** Writes a chunk of a streamed answer, waiting while the client reads; an error when it has gone away. */
async function send(res: Response, chunk: Buffer): Promise<void> {
  if (res.destroyed) throw new Error('the client went away');
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const drained = () => {
      res.off('close', closed);
      resolve();
    };
    const closed = () => {
      res.off('drain', drained);
      reject(new Error('the client went away'));
    };
    res.once('drain', drained);
    res.once('close', closed);
  });
}

/**
 * GET /internal/exports/members.csv?areaId=&first=&after=&status=&all=: one page of an area's
 * members as CSV (with all=true: the whole area from `after` on), for the gateway's GET
 * /exports/members.csv, which pipes this answer to its caller. The request carries the caller's
 * identity signed by the gateway (nothing else is let in), is authorized with the rows of
 * Province.members, County.members and Village.members (and those of Member.nationalId and
 * Member.birthDate, once for the area), and reads the area and its members in one transaction in
 * the caller's scope (row-level security): areaExport, whose COPY has Postgres write the rows as
 * CSV (MemberRepository.exportCsv, the GraphQL lists' keyset). Header row, then one row per
 * member, UTF-8 with a byte order mark, lines ended by CRLF; the next page's cursor (the lists'
 * own) in X-Next-After, absent on the last page. Errors are coded JSON.
 */
export function memberExportRoutes(createContext: (req: Request) => Promise<MembershipContext>): express.Router {
  const router = express.Router();
  router.get(MEMBER_EXPORT_PATH, async (req, res, next) => {
    try {
      const ctx = await createContext(req);
      const request = readRequest(req);
      const authorize = (area: NodeRef) => {
        // A field rule decides by where a member lies (Access.placementOf), which is the same for
        // every member of an area the caller may see: one decision for the whole export, before
        // its first byte (a refusal is a 403, never a cut answer).
        for (const field of GUARDED) ctx.access.authorizeBelow(`Member.${field}`, area, NodeLevel.MEMBER, field);
      };
      // Postgres ends its CSV lines with LF; the export's end with CRLF (RFC 4180).
      if (request.whole) {
        const crlf = crlfLines();
        let started = false;
        const start = async () => {
          if (started) return;
          started = true;
          res.status(200).set({ 'Content-Type': CSV_MEDIA_TYPE, 'Cache-Control': 'no-store' });
          await send(res, HEAD);
        };
        await areaExport(ctx, request, {
          authorize,
          onCsv: async (chunk) => {
            // Each chunk goes out as Postgres writes it: the whole area in one answer, never all in memory.
            await start();
            await send(res, crlf(chunk));
          },
        });
        // An area with no member (after the cursor) is its header alone.
        await start();
        res.end();
        return;
      }
      // A page and one more row, which says a next page exists and is not sent.
      const chunks: Buffer[] = [];
      const cursorOf = await areaExport(ctx, request, {
        authorize,
        onCsv: async (chunk) => {
          chunks.push(chunk);
        },
      });
      const page = firstCsvLines(Buffer.concat(chunks), request.first);
      const rows = page.lines;
      res.status(200).set({ 'Content-Type': CSV_MEDIA_TYPE, 'Cache-Control': 'no-store' });
      if (page.more) {
        // The last row sent starts with its id, quoted (a uuid: 36 characters).
        res.setHeader(NEXT_AFTER_HEADER, cursorOf(rows.toString('latin1', page.lastStart + 1, page.lastStart + 37)));
      }
      // res.end, not res.send: no ETag hashed over a page nobody caches.
      res.setHeader('Content-Length', HEAD.length + rows.length);
      res.write(HEAD);
      res.end(rows);
    } catch (error) {
      // Part of a whole area sent already: the answer is cut short (no closing chunk), which every
      // HTTP client reports as an error, rather than ended as if complete.
      if (res.headersSent) res.destroy();
      else if (error instanceof DomainError) refuse(req, res, error.code, error.message, error.field, error.details);
      else if (error instanceof AuthError) refuse(req, res, error.code, error.message);
      else next(error);
    }
  });
  return router;
}
