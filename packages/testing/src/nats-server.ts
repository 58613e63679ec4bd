import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nats-server (apt-get install nats-server puts it in /usr/sbin); NATS_SERVER_BIN overrides. */
export const NATS_SERVER_BIN =
  process.env.NATS_SERVER_BIN ??
  ['/usr/bin/nats-server', '/usr/sbin/nats-server'].find((path) => existsSync(path)) ??
  '/usr/sbin/nats-server';

/** Whether the tests of the NATS transport can run here (CI installs the server and always runs them). */
export const natsServerAvailable = existsSync(NATS_SERVER_BIN);

export interface TestNatsServer {
  /** nats://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Its JetStream store (streams, consumers, key-value buckets survive a restart). */
  storeDir: string;
  /** Stops the server (SIGTERM, then waits for it to exit); clients reconnect once it is started again. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A real `nats-server -js` for a test file or a script: a free port of 127.0.0.1 (loopback only),
 * a temporary store, no monitoring port. Resolves when the server accepts connections.
 */
export async function startNatsServer(): Promise<TestNatsServer> {
  if (!natsServerAvailable) throw new Error(`no nats-server at ${NATS_SERVER_BIN} (apt-get install nats-server)`);
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'funds-nats-'));
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    if (child) return;
    output = '';
    const started = spawn(NATS_SERVER_BIN, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.on('exit', () => {
      if (child === started) child = null;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child !== started) throw new Error(`nats-server exited at start: ${output.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not accept connections on ${port}: ${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // JetStream is ready a moment after the port opens.
    while (!output.includes('Server is ready') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    child = null;
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
