import { createLogger, internalErrorLogger, logLevel, maskText, serializeError } from './logging';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('test', { stream: { write: (line: string) => void lines.push(line) } });
  return { lines, logger, text: () => lines.join('\n') };
}

describe('maskText', () => {
  it.each([
    ['an Iranian national id', 'Key (national_id)=(0012345678) already exists', 'Key (national_id)=([number]) already exists'],
    ['a Vietnamese citizen id', 'id 015190001234 taken', 'id [number] taken'],
    ['an international phone, spaced', 'call +98 915 765 4321 now', 'call [number] now'],
    ['a phone with parentheses and a dash', 'phone (0915) 765-4321', 'phone ([number]'],
    ['a short phone shaped like one', 'phone +84 90 1234', 'phone [number]'],
    ['a short dashed phone', 'phone 876-5432', 'phone [number]'],
    ['a bearer token', 'header was Bearer abc.def-ghi', 'header was Bearer [token]'],
    ['a bare JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature_1 refused', 'token [token] refused'],
    [
      "an API key's secret (its id stays)",
      `key fk_0195f000-0000-7000-8000-00000000000a_${'x'.repeat(40)}-_9 refused`,
      'key fk_0195f000-0000-7000-8000-00000000000a_[secret] refused',
    ],
  ])('masks %s', (_what, text, expected) => {
    expect(maskText(text)).toBe(expected);
  });

  it.each([
    ['a date', 'joined on 2026-11-22'],
    ['a port and a short number', 'connect ECONNREFUSED 127.0.0.1:5432 after 3 tries of 250000 ms'],
    ['an uuid with letters', 'No member with id 0195f3a2-6d1b-7c4e-9a3b-5e2d1c0f9a8b'],
    ['an uuid with runs of digits', 'fund 01a205b9-579e-7865-83c9-e0fd14492814 and group 01a205b9-5809-7a41-be15-3a49bb53b5dd'],
    ['a body limit', 'larger than the limit of 1048576 bytes'],
  ])('keeps %s', (_what, text) => {
    expect(maskText(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with level name, ISO time, service and message', () => {
    const { lines, logger } = capture();
    logger.info({ durationMs: 1.5 }, 'hello');
    expect(JSON.parse(lines[0])).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      service: 'test',
      durationMs: 1.5,
      msg: 'hello',
    });
  });

  it('masks every string field and the message, but never requestId or subject', () => {
    const { lines, logger } = capture();
    logger.warn(
      {
        requestId: 'req-123456789012',
        subject: '109876543210987654321',
        note: 'national id 0012345678',
        nested: { phone2: '0915 765 4321' },
      },
      'about 0012345678',
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      requestId: 'req-123456789012',
      subject: '109876543210987654321',
      note: 'national id [number]',
      nested: { phone2: '[number]' },
      msg: 'about [number]',
    });
  });

  it('redacts credentials and personal-data fields should they ever be passed', () => {
    const { text, logger } = capture();
    logger.info({
      headers: { authorization: 'Basic c2VjcmV0', cookie: 'session=s3cret', 'x-gateway-identity': 'signed-identity' },
      token: 'opaque-token',
      variables: { input: { givenName: 'Fatemeh' } },
      input: { nationalId: 'A-1', phone: 'B-2' },
    });
    for (const secret of ['c2VjcmV0', 's3cret', 'signed-identity', 'opaque-token', 'Fatemeh', 'A-1', 'B-2'])
      expect(text()).not.toContain(secret);
    expect(text()).toContain('[redacted]');
  });

  it('logs an error as its name, masked message, code and a few stack frames; never its detail, query or parameters', () => {
    const { lines, logger } = capture();
    const failure = Object.assign(new Error('duplicate key value violates unique constraint "member_national_id" for 0012345678'), {
      code: '23505',
      detail: 'Key (national_id)=(0098765432) already exists.',
      query: 'INSERT INTO member (national_id, phone) VALUES ($1, $2)',
      parameters: ['0098765432', '+98 915 765 4321'],
    });
    internalErrorLogger(logger)(failure);
    const line = JSON.parse(lines[0]) as { level: string; msg: string; err: Record<string, string> };
    expect(line).toMatchObject({ level: 'error', msg: 'internal error' });
    expect(line.err).toEqual({
      type: 'Error',
      message: 'duplicate key value violates unique constraint "member_national_id" for [number]',
      code: '23505',
      stack: expect.stringContaining('logging.spec.ts'),
    });
    expect(line.err.stack.split('\n').length).toBeLessThanOrEqual(8);
    expect(lines[0]).not.toMatch(/0098765432|INSERT|765 4321/);
  });

  it('serializes anything thrown, not only Errors', () => {
    expect(serializeError({ message: 'boom', extensions: { code: 'X', serviceName: 'membership' } })).toEqual({
      type: 'object',
      message: 'boom',
      code: 'X',
      subgraph: 'membership',
    });
    expect(serializeError('plain 0012345678')).toEqual({ type: 'string', message: 'plain [number]' });
  });
});

describe('logLevel', () => {
  it('is LOG_LEVEL when it is a level, silent under jest, info otherwise', () => {
    expect(logLevel({ LOG_LEVEL: 'debug', JEST_WORKER_ID: '1' })).toBe('debug');
    expect(logLevel({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(logLevel({ JEST_WORKER_ID: '1' })).toBe('silent');
    expect(logLevel({})).toBe('info');
    // Not a level: left to loadConfig, which refuses it when a process starts.
    expect(logLevel({ LOG_LEVEL: 'verbose' })).toBe('info');
  });
});
