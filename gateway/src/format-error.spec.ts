import net from 'node:net';
import { unreachable } from './format-error';

/** What Node's fetch (the gateway's subgraph fetcher) throws against `server`. */
async function fetchError(port: number): Promise<unknown> {
  try {
    await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' });
  } catch (error) {
    return error;
  }
  throw new Error('the fetch did not fail');
}

const listening = (server: net.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
const closed = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('unreachable: a subgraph fetch that failed for want of the subgraph (masked as SERVICE_UNAVAILABLE)', () => {
  it('a subgraph that closes the connection mid-request (stopped while answering)', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    const error = await fetchError(await listening(server));
    await closed(server);
    expect(unreachable(error)).toBe(true);
  });

  it('a subgraph that is not listening', async () => {
    const server = net.createServer();
    const port = await listening(server);
    await closed(server);
    expect(unreachable(await fetchError(port))).toBe(true);
  });

  it('the same error wrapped by GraphQL (originalError), and not an ordinary failure', () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(unreachable({ originalError: new TypeError('fetch failed', { cause }) })).toBe(true);
    expect(unreachable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(unreachable(Object.assign(new Error('bad'), { code: 'UND_ERR_INVALID_ARG' }))).toBe(false);
  });
});
