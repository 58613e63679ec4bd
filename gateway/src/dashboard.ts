import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { sendGraphQLError } from '@funds/graphql-kit';

/**
 * The provincial dashboard's built files (apps/dashboard, `npm run build:dashboard`): two levels
 * above the gateway's src or dist, so from the sources and the build alike.
 */
export const DASHBOARD_DIR = join(__dirname, '..', '..', 'apps', 'dashboard', 'dist');

/**
 * What the dashboard may load: its own scripts and styles from this gateway, canvas charts, and
 * requests to this gateway only (/graphql and /reports). No inline script, nothing from elsewhere.
 * Inline style attributes stay allowed for the chart library's tooltips.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * GET /dashboard: the single-page dashboard, built only on the public API (it calls /graphql and
 * /reports/evaluation.csv with the viewer's token, as any app would). The gateway only serves its
 * files: the page with no-cache, the hashed assets as immutable. Without a build, a coded 404 says
 * how to make one.
 */
export function dashboardRoutes(dir = DASHBOARD_DIR): Router {
  const router = express.Router();
  const indexFile = join(dir, 'index.html');
  let page: Buffer | null = null;
  const index = (req: Request, res: Response) => {
    if (!page && existsSync(indexFile)) page = readFileSync(indexFile);
    if (!page) {
      sendGraphQLError(req, res, 404, 'NOT_FOUND', 'The dashboard is not built on this server: run `npm run build:dashboard`');
      return;
    }
    res.set({ ...HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).send(page);
  };
  router.get(['/dashboard', '/dashboard/', '/dashboard/index.html'], index);
  router.use(
    '/dashboard/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      redirect: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => {
        for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
      },
    }),
  );
  return router;
}
