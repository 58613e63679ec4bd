export { Role, ROLES, Identity, isRole, assertValidIdentity, AuthError, AuthErrorCode } from './identity';
export { AuthConfig, authConfigFromEnv } from './config';
export { GATEWAY_IDENTITY_HEADER, signUserToken, verifyUserToken, bearerToken, signGatewayIdentity, verifyGatewayIdentity } from './tokens';
