import request from 'supertest';
import { loadConfig } from '@funds/config';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { GatewayOptions } from '../src/gateway';
import { gatewayOptionsFrom } from '../src/config';

/**
 * Behind a load balancer every request comes from the balancer's address: without TRUST_PROXY,
 * all anonymous callers would share one rate limit. With it, the client is the address the trusted
 * proxies put in X-Forwarded-For (express's `trust proxy`); without it, X-Forwarded-For is ignored,
 * so a client cannot pick the address it is counted by.
 */
const LIMIT = { points: 2, durationSeconds: 60 };

/** The statuses of anonymous requests, each from the X-Forwarded-For given (all come from 127.0.0.1). */
async function statuses(platform: FixturePlatform, forwardedFor: string[]): Promise<number[]> {
  const answered: number[] = [];
  for (const header of forwardedFor) {
    const res = await request(platform.gatewayOrigin)
      .post('/graphql')
      .set('x-forwarded-for', header)
      .send({ query: '{ chain { depth } }' });
    answered.push(res.status);
  }
  return answered;
}

async function withGateway(options: Partial<GatewayOptions>, run: (platform: FixturePlatform) => Promise<void>): Promise<void> {
  const platform = await startFixturePlatform({ rateLimit: LIMIT, ...options });
  try {
    await run(platform);
  } finally {
    await platform.stop();
  }
}

describe('TRUST_PROXY', () => {
  it.each([
    ['the number of proxies', 1],
    ['their addresses', ['127.0.0.1']],
    ['a named range', ['loopback']],
  ])('set to %s: anonymous callers are counted by the address the proxy forwarded', async (_, trustProxy) => {
    await withGateway({ trustProxy }, async (platform) => {
      // 401: no token, counted all the same; 429: over the limit of 2 for that address.
      expect(await statuses(platform, ['203.0.113.1', '203.0.113.1', '203.0.113.1'])).toEqual([401, 401, 429]);
      // Another client behind the same proxy has its own budget.
      expect(await statuses(platform, ['203.0.113.2', '203.0.113.2'])).toEqual([401, 401]);
      // An address the client put before the proxy's own entry is not believed: still 203.0.113.1.
      expect(await statuses(platform, ['198.51.100.7, 203.0.113.1'])).toEqual([429]);
    });
  });

  it('unset: X-Forwarded-For is ignored and every caller from one socket address shares one limit', async () => {
    await withGateway({}, async (platform) => {
      expect(await statuses(platform, ['203.0.113.1', '203.0.113.1', '203.0.113.2', '198.51.100.7'])).toEqual([401, 401, 429, 429]);
    });
  });

  it('is read from the configuration: off unless set, a number of proxies or a list, anything else refused naming it', () => {
    const trustProxyOf = (TRUST_PROXY?: string) =>
      gatewayOptionsFrom(loadConfig(TRUST_PROXY === undefined ? {} : { TRUST_PROXY })).trustProxy;
    expect(trustProxyOf()).toBe(false);
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf(' 10.0.0.0/8, 192.168.1.10 ,fd00::/8, loopback ')).toEqual(['10.0.0.0/8', '192.168.1.10', 'fd00::/8', 'loopback']);
    expect(() => trustProxyOf('true')).toThrow(/TRUST_PROXY must not be true/);
    expect(() => trustProxyOf('21')).toThrow(/TRUST_PROXY must be at most 20 proxies/);
    expect(() => trustProxyOf('10.0.0.0/33')).toThrow(
      /TRUST_PROXY must be false, a number of proxies, or .*'10\.0\.0\.0\/33' is none of them/,
    );
    expect(() => trustProxyOf('proxy.example.org')).toThrow(/'proxy\.example\.org' is none of them/);
  });
});
