import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { DASHBOARD_CSP, dashboardRoutes } from './dashboard';

/** The gateway serves the dashboard's built files, and only them, under its CSP; without a build it says how to make one. */
describe('dashboardRoutes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const app = (from: string) => express().use(dashboardRoutes(from));

  it('serves the page at /dashboard and /dashboard/ with its CSP, never cached', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const res = await request(app(dir)).get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<title>dashboard</title>');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(DASHBOARD_CSP).toContain("script-src 'self';");
    expect(DASHBOARD_CSP).toContain("connect-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves the hashed assets as immutable, and nothing outside them', async () => {
    const res = await request(app(dir)).get('/dashboard/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect((await request(app(dir)).get('/dashboard/assets/../index.html')).status).not.toBe(500);
    expect((await request(app(dir)).get('/dashboard/assets/missing.js')).status).toBe(404);
    expect((await request(app(dir)).get('/dashboard/secret.txt')).status).toBe(404);
  });

  it('answers a coded 404 that says how to build the dashboard when it is not built', async () => {
    const res = await request(app(join(dir, 'nowhere'))).get('/dashboard');
    expect(res.status).toBe(404);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(res.body.errors[0].message).toContain('npm run build:dashboard');
  });
});
