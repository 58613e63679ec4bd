import request from 'supertest';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';

/**
 * Every answer of the gateway and of a subgraph (the fixture is a real graphql-kit subgraph
 * server) is JSON in the GraphQL error shape, in the media type the client accepts, with a code
 * and no stack, server path or internal name; never express's HTML error page.
 */
describe('HTTP errors are coded JSON', () => {
  let platform: FixturePlatform;
  let token: string;

  beforeAll(async () => {
    platform = await startFixturePlatform();
    token = platform.tokenFor(Role.NATIONAL_ADMIN, null);
  });
  afterAll(() => platform.stop());

  const servers = () => [
    { name: 'gateway', origin: platform.gatewayOrigin, path: '/graphql' },
    { name: 'subgraph', origin: new URL(platform.subgraph.url).origin, path: '/graphql' },
  ];

  function expectCodedJson(response: request.Response, status: number, code: string, mediaType = 'application/json') {
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
      status,
      type: `${mediaType}; charset=utf-8`,
    });
    const body = JSON.parse(response.text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message).toEqual(expect.any(String));
    expect(response.text).not.toMatch(/<html|<pre|node_modules|\/work\/|\bat \w+ \(|stack|fixture|\.ts\b|\.js\b/i);
  }

  const cases: [string, (call: request.Test) => request.Test, number, string][] = [
    ['malformed JSON', (call) => call.set('content-type', 'application/json').send('{"query": '), 400, 'BAD_REQUEST'],
    [
      'a UTF-16 charset',
      (call) => call.set('content-type', 'application/json; charset=utf-16').send(Buffer.from('{"query":"{ __typename }"}', 'utf16le')),
      415,
      'UNSUPPORTED_CHARSET',
    ],
    [
      'a latin-1 charset',
      (call) => call.set('content-type', 'application/json; charset=ISO-8859-1').send('{"query":"{ __typename }"}'),
      415,
      'UNSUPPORTED_CHARSET',
    ],
    [
      'a body over the limit',
      (call) =>
        call.set('content-type', 'application/json').send(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(3_000_000) })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'an unknown Content-Encoding',
      (call) => call.set('content-type', 'application/json').set('content-encoding', 'x-unknown').send('{"query":"{ __typename }"}'),
      415,
      'UNSUPPORTED_ENCODING',
    ],
  ];

  describe.each(['gateway', 'subgraph'])('the %s', (which) => {
    const server = () => servers().find((s) => s.name === which)!;

    it.each(cases)('refuses %s with a coded JSON error', async (_what, prepare, status, code) => {
      const response = await prepare(request(server().origin).post(server().path).set('authorization', `Bearer ${token}`));
      expectCodedJson(response, status, code);
    });

    it.each(cases)('answers %s as application/graphql-response+json when the client accepts it', async (_what, prepare, status, code) => {
      const response = await prepare(
        request(server().origin)
          .post(server().path)
          .set('accept', 'application/graphql-response+json, application/json;q=0.9')
          .set('authorization', `Bearer ${token}`),
      );
      expectCodedJson(response, status, code, 'application/graphql-response+json');
    });

    it('answers an unknown address with 404 NOT_FOUND, not an HTML page', async () => {
      expectCodedJson(await request(server().origin).get('/nothing-here'), 404, 'NOT_FOUND');
      expectCodedJson(
        await request(server().origin).delete('/nothing/here').set('accept', 'application/graphql-response+json'),
        404,
        'NOT_FOUND',
        'application/graphql-response+json',
      );
    });
  });

  it('refuses a query over the token limit in the media type the client accepts', async () => {
    platform.received.length = 0;
    const query = `{ chain { ${'depth '.repeat(3000)}} }`;
    const json = await request(platform.gatewayOrigin).post('/graphql').set('authorization', `Bearer ${token}`).send({ query });
    expectCodedJson(json, 400, 'GRAPHQL_PARSE_FAILED');
    const graphqlResponse = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('accept', 'application/graphql-response+json')
      .set('authorization', `Bearer ${token}`)
      .send({ query });
    expectCodedJson(graphqlResponse, 400, 'GRAPHQL_PARSE_FAILED', 'application/graphql-response+json');
    expect(platform.received).toHaveLength(0);
  });

  it('still answers a well-formed UTF-8 request (the control case)', async () => {
    const response = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('content-type', 'application/json; charset=utf-8')
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ chain { depth } }' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { chain: { depth: 0 } } });
  });
});
