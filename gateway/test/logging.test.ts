import request from 'supertest';
import { Role } from '@funds/auth';
import { useLogDestination } from '@funds/graphql-kit';
import { TestPlatform, ok, startTestPlatform } from '../../test/support/platform';
import { createTree, enrol, iranianCode } from '../../services/membership/test/support/factories';
import { startFixturePlatform } from './support/fixture-platform';

/**
 * Every line the gateway's and the subgraphs' loggers write while this file runs, raw: the
 * personal-data checks search this text, not parsed fields.
 */
const captured: string[] = [];
let restore: () => void;
let p: TestPlatform;

beforeAll(async () => {
  restore = useLogDestination({ write: (line: string) => void captured.push(line) });
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.stop();
  restore();
});

interface Line {
  level: string;
  time: string;
  service: string;
  msg: string;
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  subject?: string | null;
  role?: string | null;
  operationName?: string | null;
  durationMs?: number;
  outcome?: string;
  errorCodes?: string[];
  err?: { type: string; message: string; stack?: string };
}

const linesSince = (from: number) => captured.slice(from).map((line) => JSON.parse(line) as Line);
const requestLines = (from: number, service?: string) =>
  linesSince(from).filter((line) => line.msg === 'request' && (!service || line.service === service));

/** The lines are written when the response is finished, which may be just after the client has it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('one JSON line per request, in the gateway and in each subgraph', () => {
  it('an enrolment: requestId joins the lines; subject, role, operation, duration, status, outcome; no national id, phone or token anywhere', async () => {
    const tree = await createTree(p);
    const token = p.token(Role.NATIONAL_ADMIN, null, 'logging-admin');
    const nationalId = iranianCode();
    const phone = '+98 915 765 4321';
    const before = captured.length;
    const result = await enrol(p, tree.fundId, { nationalId, phone }, token);
    expect(ok(result).enrolMember.nationalId).toBe(nationalId);
    // The same person again: refused, and the refusal leaves no trace of her either.
    const again = await enrol(p, tree.fundId, { nationalId, phone }, token);
    expect(again.errors?.[0].extensions?.code).toBe('DUPLICATE_NATIONAL_ID');
    await settle();

    const [gateway, refused] = requestLines(before, 'gateway');
    expect(gateway).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'gateway',
      msg: 'request',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      method: 'POST',
      path: '/graphql',
      status: 200,
      durationMs: expect.any(Number),
      subject: 'logging-admin',
      role: 'NATIONAL_ADMIN',
      operationName: 'EnrolMember',
      outcome: 'ok',
    });
    expect(gateway.durationMs).toBeGreaterThan(0);
    expect(refused).toMatchObject({ operationName: 'EnrolMember', outcome: 'error', errorCodes: ['DUPLICATE_NATIONAL_ID'], status: 200 });

    // The membership subgraph's line for the same request: same id, same caller.
    const membership = requestLines(before, 'membership').filter((line) => line.requestId === gateway.requestId);
    expect(membership.length).toBeGreaterThanOrEqual(1);
    const mutation = membership.find((line) => line.operationName?.startsWith('EnrolMember'));
    expect(mutation).toMatchObject({ subject: 'logging-admin', role: 'NATIONAL_ADMIN', status: 200, outcome: 'ok', path: '/graphql' });
    expect(mutation!.durationMs).toEqual(expect.any(Number));
    const membershipRefused = requestLines(before, 'membership').find(
      (line) => line.requestId === refused.requestId && line.outcome === 'error',
    );
    expect(membershipRefused).toMatchObject({ errorCodes: ['DUPLICATE_NATIONAL_ID'], subject: 'logging-admin' });

    const text = captured.join('\n');
    expect(text).not.toContain(nationalId);
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.replace(/\D/g, ''));
    expect(text).not.toContain('765 4321');
    expect(text).not.toContain(token);
    expect(text.toLowerCase()).not.toContain('bearer');
  });

  it("a caller's x-request-id is kept as given (never masked), echoed and forwarded", async () => {
    const requestId = 'ops-20261122-123456789012';
    const before = captured.length;
    const res = await request(new URL(p.gatewayUrl).origin)
      .post('/graphql')
      .set('authorization', `Bearer ${p.national}`)
      .set('x-request-id', requestId)
      .send({ query: 'query Countries { countries { code } }' });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    await settle();
    expect(requestLines(before, 'gateway')).toEqual([expect.objectContaining({ requestId, operationName: 'Countries', outcome: 'ok' })]);
    expect(requestLines(before, 'membership')).toContainEqual(expect.objectContaining({ requestId, outcome: 'ok' }));
  });

  // (Before GraphQL parses the document, the operation's name is the one the body says, if any.)
  it('requests refused before GraphQL runs get their line too: a forged token (401), an unreadable body (400), an unknown path (404)', async () => {
    const origin = new URL(p.gatewayUrl).origin;
    const forged = `${p.national.slice(0, -4)}AAAA`;
    const before = captured.length;
    const refusedToken = await request(origin)
      .post('/graphql')
      .set('authorization', `Bearer ${forged}`)
      .send({ query: 'query Countries { countries { code } }', operationName: 'Countries' });
    expect(refusedToken.status).toBe(401);
    const badBody = await request(origin).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(badBody.status).toBe(400);
    const nowhere = await request(origin).get('/members/0012345678');
    expect(nowhere.status).toBe(404);
    await settle();

    const lines = requestLines(before, 'gateway');
    expect(lines).toEqual([
      expect.objectContaining({
        requestId: refusedToken.headers['x-request-id'],
        status: 401,
        subject: null,
        role: null,
        operationName: 'Countries',
        outcome: 'error',
        errorCodes: ['INVALID_TOKEN'],
      }),
      expect.objectContaining({ requestId: badBody.headers['x-request-id'], status: 400, outcome: 'error', errorCodes: ['BAD_REQUEST'] }),
      expect.objectContaining({
        requestId: nowhere.headers['x-request-id'],
        status: 404,
        path: '/members/[number]',
        errorCodes: ['NOT_FOUND'],
      }),
    ]);
    const text = captured.slice(before).join('\n');
    expect(text).not.toContain(forged.split('.')[2]);
    expect(text).not.toContain('0012345678');
  });
});

describe('internal errors', () => {
  it('are logged once where they happen, with the request id and a masked message; both request lines say INTERNAL_SERVER_ERROR at level error', async () => {
    const fixture = await startFixturePlatform();
    try {
      const before = captured.length;
      const res = await request(fixture.gatewayOrigin)
        .post('/graphql')
        .set('authorization', `Bearer ${fixture.tokenFor(Role.NATIONAL_ADMIN, null)}`)
        .send({ query: 'query Broken { broken }' });
      expect(res.body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      const requestId = res.headers['x-request-id'];
      await settle();
      const lines = linesSince(before);
      const internal = lines.filter((line) => line.msg === 'internal error');
      expect(internal).toContainEqual(
        expect.objectContaining({
          level: 'error',
          service: 'fixture',
          requestId,
          err: expect.objectContaining({
            type: 'Error',
            message: 'relation "fixture_secret_table" does not exist',
            stack: expect.any(String),
          }),
        }),
      );
      // The gateway's own log of the failure says what failed, not "[object Object]".
      const atGateway = internal.find((line) => line.service === 'gateway');
      expect(atGateway).toMatchObject({ requestId, err: { message: expect.stringMatching(/fixture_secret_table|Internal server error/) } });
      for (const service of ['gateway', 'fixture']) {
        expect(requestLines(before, service)).toContainEqual(
          expect.objectContaining({ level: 'error', requestId, outcome: 'error', errorCodes: ['INTERNAL_SERVER_ERROR'] }),
        );
      }
    } finally {
      await fixture.stop();
    }
  });
});
