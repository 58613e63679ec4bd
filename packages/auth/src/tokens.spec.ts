import jwt from 'jsonwebtoken';
import { AuthError, Role, bearerToken, signGatewayIdentity, signUserToken, verifyGatewayIdentity, verifyUserToken } from './index';

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
    const bad = jwt.sign({ role: 'GOD' }, USER, { issuer: 'funds-platform', audience: 'funds-gateway', subject: 'x' });
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
  it('reads bearer headers', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(() => bearerToken('Basic xyz')).toThrow(/Bearer/);
  });
});
