import jwt from 'jsonwebtoken';
import {
  AuthError,
  Role,
  authConfigFromEnv,
  bearerToken,
  signGatewayIdentity,
  signUserToken,
  verifyGatewayIdentity,
  verifyUserToken,
} from './index';

const USER = 'user-secret';
const GATEWAY = 'gateway-secret';
const admin = { subject: 'u1', role: Role.REGIONAL_ADMIN, scopeNodeId: 'county-1' };

describe('tokens', () => {
  it('round-trips a user token', () => {
    expect(verifyUserToken(signUserToken(admin, USER), USER)).toEqual(admin);
  });
  it('refuses a user token signed with another key', () => {
    expect(() => verifyUserToken(signUserToken(admin, 'other'), USER)).toThrow(AuthError);
  });
  it('refuses a user token presented as a gateway identity, and the reverse', () => {
    expect(() => verifyGatewayIdentity(signUserToken(admin, GATEWAY), GATEWAY)).toThrow(/refused/);
    expect(() => verifyUserToken(signGatewayIdentity(admin, USER), USER)).toThrow(/refused/);
  });
  it('refuses an expired token', () => {
    const expired = jwt.sign({ role: 'NATIONAL_ADMIN', node: null }, USER, {
      issuer: 'funds-platform',
      audience: 'funds-gateway',
      subject: 'x',
      expiresIn: -10,
    });
    expect(() => verifyUserToken(expired, USER)).toThrow(/expired/);
  });
  it('refuses a scoped role without a node, and an unknown role', () => {
    expect(() => signUserToken({ subject: 'u', role: Role.FUND_OFFICER, scopeNodeId: null }, USER)).toThrow(/scope/);
    const bad = jwt.sign({ role: 'GOD' }, USER, { issuer: 'funds-platform', audience: 'funds-gateway', subject: 'x', expiresIn: 60 });
    expect(() => verifyUserToken(bad, USER)).toThrow(/Unknown role/);
  });
  it('refuses the none algorithm', () => {
    const unsigned = jwt.sign({ role: 'NATIONAL_ADMIN' }, '', {
      algorithm: 'none',
      issuer: 'funds-platform',
      audience: 'funds-gateway',
      subject: 'x',
    } as jwt.SignOptions);
    expect(() => verifyUserToken(unsigned, USER)).toThrow(AuthError);
  });
  describe('lifetime', () => {
    const claims = { role: 'NATIONAL_ADMIN', node: null };
    const options = (extra: jwt.SignOptions): jwt.SignOptions => ({
      issuer: 'funds-platform',
      audience: 'funds-gateway',
      subject: 'x',
      ...extra,
    });
    const now = Math.floor(Date.now() / 1000);

    it('refuses a token without exp, which would never expire', () => {
      const forever = jwt.sign(claims, USER, options({}));
      expect(() => verifyUserToken(forever, USER)).toThrow(/no expiry \(exp\)/);
      expect(() => verifyUserToken(forever, USER)).toThrow(expect.objectContaining({ code: 'INVALID_TOKEN' }));
    });

    it('refuses a token valid for longer than the maximum (24 h unless configured)', () => {
      const long = jwt.sign(claims, USER, options({ expiresIn: 25 * 3600 }));
      expect(() => verifyUserToken(long, USER)).toThrow(/longer than the maximum of 24 h/);
      expect(() => verifyUserToken(signUserToken(admin, USER, 2 * 3600), USER, 3600)).toThrow(/maximum of 1 h/);
    });

    it('refuses a long-lived token without iat, measured from now', () => {
      const noIat = jwt.sign({ ...claims, exp: now + 2 * 24 * 3600 }, USER, options({ noTimestamp: true }));
      expect(() => verifyUserToken(noIat, USER)).toThrow(/maximum/);
      const shortNoIat = jwt.sign({ ...claims, exp: now + 3600 }, USER, options({ noTimestamp: true }));
      expect(verifyUserToken(shortNoIat, USER).role).toBe('NATIONAL_ADMIN');
    });

    it('accepts the 8 h tokens `npm run token` issues, and one of exactly the maximum', () => {
      expect(verifyUserToken(signUserToken(admin, USER), USER)).toEqual(admin);
      expect(verifyUserToken(signUserToken(admin, USER, 24 * 3600), USER)).toEqual(admin);
    });

    it('refuses a gateway identity without exp or valid for long', () => {
      const gatewayClaims = { role: 'NATIONAL_ADMIN', node: null };
      const gatewayOptions = (extra: jwt.SignOptions): jwt.SignOptions => ({ ...options(extra), audience: 'funds-subgraph' });
      expect(() => verifyGatewayIdentity(jwt.sign(gatewayClaims, GATEWAY, gatewayOptions({})), GATEWAY)).toThrow(/no expiry/);
      expect(() => verifyGatewayIdentity(jwt.sign(gatewayClaims, GATEWAY, gatewayOptions({ expiresIn: 3600 })), GATEWAY)).toThrow(
        /maximum/,
      );
      expect(verifyGatewayIdentity(signGatewayIdentity(admin, GATEWAY), GATEWAY)).toEqual(admin);
    });

    it('reads the maximum from AUTH_TOKEN_MAX_LIFETIME_SECONDS', () => {
      expect(authConfigFromEnv({}).maxTokenLifetimeSeconds).toBe(24 * 3600);
      expect(authConfigFromEnv({ AUTH_TOKEN_MAX_LIFETIME_SECONDS: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
      expect(() => authConfigFromEnv({ AUTH_TOKEN_MAX_LIFETIME_SECONDS: 'a day' })).toThrow(/AUTH_TOKEN_MAX_LIFETIME_SECONDS/);
    });
  });

  it('reads bearer headers', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(() => bearerToken('Basic xyz')).toThrow(/Bearer/);
  });
});
