export { Role, ROLES, PartnerGrant, PARTNER_GRANTS, Identity, isRole, assertValidIdentity, AuthError, AuthErrorCode } from './identity';
export { AuthConfig, authConfigFrom, authConfigFromEnv } from './config';
export {
  GATEWAY_IDENTITY_HEADER,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  signUserToken,
  verifyUserToken,
  bearerToken,
  signGatewayIdentity,
  verifyGatewayIdentity,
} from './tokens';
export {
  OidcConfig,
  OIDC_ALGORITHMS,
  UserTokenVerifier,
  createUserTokenVerifier,
  devTokensEnabled,
  claimAt,
  discoverJwksUrl,
} from './oidc';
export {
  Actor,
  ACTORS,
  actorsOf,
  SCOPE_LEVELS,
  scopeLevelAllowed,
  ScopeRule,
  TargetLevel,
  Cells,
  Target,
  OperationKind,
  Permission,
  PERMISSIONS,
  PERSONAL_MEMBER_FIELDS,
  permissionOf,
  targetOf,
  Placement,
  Refusal,
  refusalFor,
  decide,
} from './permissions';
export { permissionsMarkdown } from './permissions-doc';
export {
  API_KEY_PREFIX,
  API_KEY_CHECK_PATH,
  API_KEY_CHECK_SIGNATURE_HEADER,
  isApiKey,
  apiKeyCheckSignature,
  isValidApiKeyCheckSignature,
} from './api-keys';
