import { connect } from 'node:net';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { formatError } from './errors';

/** What the client sees of an error a resolver threw (the log is silenced here). */
const shown = (error: unknown) => formatError({ message: 'x', path: ['deposit'] }, error, () => undefined).extensions;

/** A real socket error: a connection refused by a loopback port nothing listens on. */
async function refused(): Promise<Error> {
  const probe = connect({ host: '127.0.0.1', port: 1 });
  return new Promise((resolve) => probe.on('error', resolve));
}

describe('formatError: a database that cannot be reached', () => {
  it.each([
    [
      'PostgreSQL shutting down (57P01, as TypeORM wraps it)',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ],
    ['PostgreSQL starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection exception (class 08)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['node-postgres losing its connection', new Error('Connection terminated unexpectedly')],
    ["TypeORM's query runner released when its connection broke", new QueryRunnerProviderAlreadyReleasedError()],
    ["TypeORM's query runner released (a later statement of the transaction)", new QueryRunnerAlreadyReleasedError()],
  ])('is SERVICE_UNAVAILABLE (retry), not an internal error: %s', (_name, error) => {
    expect(shown(error)).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('is SERVICE_UNAVAILABLE for a refused connection', async () => {
    expect(shown(await refused())).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('leaves every other failure INTERNAL_SERVER_ERROR', () => {
    expect(shown(Object.assign(new Error('division by zero'), { code: '22012' }))).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(shown(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
