// What the benchmarks share: the machine's description, percentiles, a fixed-time load loop, free
// ports and service processes, and reporting's snapshot warm-up after a synthetic load.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './services.mjs';

const require = createRequire(import.meta.url);

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
}

/** Latencies (sorted) and calls per second of merged samples over `elapsed` seconds. */
function summarize(samples, elapsed) {
  samples.sort((a, b) => a - b);
  return {
    n: samples.length,
    perSecond: samples.length / elapsed,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    p99: percentile(samples, 0.99),
  };
}

/** `clients` loops calling `once(client, next[client]++)` for `seconds`: each call's ms and the seconds taken. */
async function timed(once, clients, seconds, next) {
  const samples = [];
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        await once(c, next[c]++);
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { samples, elapsed: (Date.now() - started) / 1000 };
}

/** `clients` loops calling `once(client, n)` for `seconds` (after a warm-up, as alternate's): latencies in ms and calls per second. */
export async function load(once, options = {}) {
  return (await alternate({ only: once }, { ...options, rounds: 1 })).only;
}

/** Slices a path's time is cut into when several take turns (alternate(), takeTurns()). */
export const ROUNDS = 5;

/**
 * Runs `slice(name)` for each of `names`, `rounds` times, the paths taking turns (which one goes
 * first rotates each round), so that a shared machine's drift during a run falls on every path
 * alike, and a ratio between two of them compares the same minutes.
 */
export async function takeTurns(names, rounds, slice) {
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) await slice(names[(round + k) % names.length]);
  }
}

/**
 * Each of `paths` (name -> `once`, as `load` takes it) for `seconds`, in `rounds` slices that take
 * turns (takeTurns). `around(name, slice)` wraps each slice (to account a process's CPU to its
 * path, say).
 *
 * Each path is first run unmeasured for `warmupSeconds` (a fifth of `seconds`, at most 2) at the
 * measured concurrency: `clients` loops at once open the pools' connections the measured slices
 * will use, whose first statements fill the new backends' catalog caches and prepare the hot
 * statements, and the processes' JIT compiles the hot path. A few calls one after the other (as
 * before) opened one connection per pool, so the first scenario of a run paid for the rest while
 * measured: B1, first, answered 93 to 97 a second at 8 clients where B5's B1 at 8 clients, later in
 * the same runs, answered 135 to 139.
 */
export async function alternate(
  paths,
  { clients = 1, seconds = 5, warmupSeconds = Math.min(2, seconds / 5), rounds = ROUNDS, around = (name, slice) => slice() } = {},
) {
  const names = Object.keys(paths);
  const next = Object.fromEntries(names.map((name) => [name, Array.from({ length: clients }, () => 0)]));
  // Warm-up calls are numbered below zero, so a path that numbers its work (a page, a sheet) can tell them apart.
  for (const name of names) {
    await Promise.all(Array.from({ length: clients }, (_, c) => paths[name](c, -1)));
    await timed(
      paths[name],
      clients,
      warmupSeconds,
      Array.from({ length: clients }, () => -1e9),
    );
  }
  const merged = Object.fromEntries(names.map((name) => [name, { samples: [], elapsed: 0 }]));
  await takeTurns(names, rounds, async (name) => {
    const slice = await around(name, () => timed(paths[name], clients, seconds / rounds, next[name]));
    merged[name].samples.push(...slice.samples);
    merged[name].elapsed += slice.elapsed;
  });
  return Object.fromEntries(names.map((name) => [name, summarize(merged[name].samples, merged[name].elapsed)]));
}

/**
 * Reporting's daily snapshots (warmPortfolioSnapshots, when the reporting package exports it) for a
 * network loaded straight into the read models. Returns the seconds it took, or null when reporting
 * has no such function.
 */
export async function warmSnapshots(url, log = () => {}) {
  const reporting = require(join(ROOT, 'services/reporting/dist/index.js'));
  if (typeof reporting.warmPortfolioSnapshots !== 'function') return null;
  const ds = reporting.createReportingDataSource(url);
  await ds.initialize();
  try {
    const started = Date.now();
    await reporting.warmPortfolioSnapshots(ds);
    const seconds = (Date.now() - started) / 1000;
    log(`reporting snapshots warmed in ${seconds.toFixed(1)}s`);
    return seconds;
  } finally {
    await ds.destroy();
  }
}

/** A TCP port of 127.0.0.1 free right now. */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a service's `main.js` (a subgraph or the gateway) in its own process on a free port of
 * 127.0.0.1, as npm start runs it, and waits for its /health (100 ms a try, at most `tries`).
 * Its stop (kill, then wait for the exit) goes onto `stops`. Returns its GraphQL URL and process.
 */
export async function startServiceProcess(script, env, { stops, nodeArgs = [], tries = 900 }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script)], {
    // NODE_ENV=production, as the images run (Dockerfile, docker-compose.yml), so what is measured
    // is what is deployed (graphql-js and express take their production paths). MODE, the
    // platform's own switch, stays as the caller's environment has it.
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  stops.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > tries) throw new Error(`${script} did not become healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `${base}/graphql`, child };
}
