import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Identity, PartnerGrant, Role } from '@funds/auth';
import { SYSTEM_SCOPE, isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, Clock, DomainError, notFound, systemClock } from '@funds/graphql-kit';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { requireNode } from '../hierarchy/hierarchy.service';
import { recordMembershipEvents } from '../hierarchy/hierarchy.events';
import { Partner } from '../partner/partner.entity';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyInput } from './api-key.inputs';

const S = 'membership';

/** Every key starts with this, so the gateway tells it from a JWT and secret scanners can find leaked ones. */
export const API_KEY_PREFIX = 'fk_';
/** `fk_<key id>_<secret>`: the id is the key's uuid, the secret 32 random bytes in base64url (43 characters). */
const KEY_FORMAT = /^fk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** The longest a key may live: a partner rotates at least once a year. */
export const MAX_KEY_LIFETIME_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The secret's SHA-256. The secret is 256 random bits, so a fast hash is the right one: nobody can
 * guess it by trying, and a slow password hash (bcrypt, argon2) would only slow every request
 * without adding any protection. Compared with crypto.timingSafeEqual.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** What checking a key gives the gateway: the identity it acts as, or why it is refused. */
export type ApiKeyCheck =
  | { valid: true; keyId: string; identity: Identity }
  | { valid: false; code: 'INVALID_TOKEN' | 'API_KEY_EXPIRED' | 'API_KEY_REVOKED'; message: string };

export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
}

export class ApiKeyService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A new key for a partner app at a node of the caller's scope; the plain key is in the answer only. */
  create(access: Access, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return this.db.transaction(access.dbScope, async (em) => {
      const node = await requireNode(
        em,
        access,
        input.nodeId,
        [NodeLevel.PROVINCE, NodeLevel.COUNTY, NodeLevel.VILLAGE, NodeLevel.FUND, NodeLevel.GROUP],
        'nodeId',
      );
      access.authorize('createApiKey', node, 'nodeId');
      const partner = isUuid(input.partnerId) ? await em.findOneBy(Partner, { id: input.partnerId }) : null;
      if (!partner) throw notFound('partner', input.partnerId, 'partnerId');
      if (partner.countryCode && partner.countryCode !== node.countryCode)
        throw new DomainError('PARTNER_COUNTRY_MISMATCH', `This partner works in ${partner.countryCode}`, 'nodeId');
      const grants = [...new Set(input.grants)].sort();
      if (grants.includes(PartnerGrant.FUND_WRITE) && node.level !== NodeLevel.FUND) {
        throw new DomainError(
          'API_KEY_GRANT_NOT_ALLOWED',
          `FUND_WRITE is granted on a fund only; node ${node.id} is a ${node.level.toLowerCase()}`,
          'grants',
          {
            grant: PartnerGrant.FUND_WRITE,
            nodeLevel: node.level,
          },
        );
      }
      const now = this.clock.now();
      const expiresAt = input.expiresAt;
      if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) {
        throw new DomainError('INVALID_EXPIRY', 'A key must expire in the future', 'expiresAt');
      }
      if (expiresAt.getTime() - now.getTime() > MAX_KEY_LIFETIME_DAYS * DAY_MS) {
        throw new DomainError(
          'INVALID_EXPIRY',
          `A key lives at most ${MAX_KEY_LIFETIME_DAYS} days: create a new one before it expires`,
          'expiresAt',
          {
            maxDays: MAX_KEY_LIFETIME_DAYS,
          },
        );
      }
      const id = uuid7();
      const secret = randomBytes(32).toString('base64url');
      const apiKey = em.create(ApiKey, {
        id,
        partnerId: partner.id,
        name: input.name.trim(),
        nodeId: node.id,
        nodeLevel: node.level,
        provinceId: node.provinceId,
        countyId: node.countyId,
        villageId: node.villageId,
        fundId: node.fundId,
        groupId: node.groupId,
        grants: grants as PartnerGrant[],
        secretHash: hashSecret(secret),
        createdBy: access.identity.subject,
        createdAt: now,
        expiresAt,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });
      await em.insert(ApiKey, apiKey);
      delete apiKey.secretHash;
      await recordMembershipEvents(em, access, [membershipEvents.build('ApiKeyCreated', { apiKey: apiKeyState(apiKey) })]);
      return { key: `${API_KEY_PREFIX}${id}_${secret}`, apiKey };
    });
  }

  /** Revokes a key of the caller's scope; the gateway refuses it from the next request on. */
  revoke(access: Access, id: string): Promise<ApiKey> {
    return this.db.transaction(access.dbScope, async (em) => {
      // Row-level security shows only the keys of the caller's scope: any other is NOT_FOUND.
      const apiKey = isUuid(id) ? await em.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!apiKey) throw notFound('API key', id, 'id');
      const node = await requireNode(em, access, apiKey.nodeId, [apiKey.nodeLevel], 'id', 'none').catch(() => {
        throw notFound('API key', id, 'id');
      });
      access.authorize('revokeApiKey', node, 'id');
      if (apiKey.revokedAt)
        throw new DomainError('API_KEY_REVOKED', `The key ${id} was revoked already`, 'id', { revokedAt: apiKey.revokedAt });
      apiKey.revokedAt = this.clock.now();
      apiKey.revokedBy = access.identity.subject;
      await em.update(ApiKey, { id }, { revokedAt: apiKey.revokedAt, revokedBy: apiKey.revokedBy });
      await recordMembershipEvents(em, access, [membershipEvents.build('ApiKeyRevoked', { apiKey: apiKeyState(apiKey) })]);
      return apiKey;
    });
  }

  /**
   * The gateway's question: which identity does this key act as? Read in the platform's own scope
   * (no caller yet). Unknown id, wrong secret or malformed key: INVALID_TOKEN, all alike; only the
   * holder of the right secret learns that its key expired or was revoked. Nothing is cached: a
   * revocation or expiry holds from the next request. Records the use at most once a minute.
   */
  async verify(key: string): Promise<ApiKeyCheck> {
    const invalid: ApiKeyCheck = { valid: false, code: 'INVALID_TOKEN', message: 'The API key was refused: it is not a valid key' };
    const match = KEY_FORMAT.exec(key);
    if (!match) return invalid;
    const [, id, secret] = match;
    return this.db.transaction(SYSTEM_SCOPE, async (em) => {
      const [row]: { secret_hash: Buffer; node_id: string; grants: PartnerGrant[]; expires_at: Date; revoked_at: Date | null }[] =
        await em.query(`SELECT secret_hash, node_id, grants, expires_at, revoked_at FROM ${S}.api_key WHERE id = $1`, [id]);
      if (!row || !timingSafeEqual(row.secret_hash, hashSecret(secret))) return invalid;
      if (row.revoked_at)
        return { valid: false, code: 'API_KEY_REVOKED', message: 'The API key was revoked: ask your admin for a new one' };
      const now = this.clock.now();
      if (row.expires_at.getTime() <= now.getTime()) {
        return {
          valid: false,
          code: 'API_KEY_EXPIRED',
          message: `The API key expired at ${row.expires_at.toISOString()}: ask your admin for a new one`,
        };
      }
      await em.query(
        `UPDATE ${S}.api_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
        [id, now],
      );
      return {
        valid: true,
        keyId: id,
        identity: { subject: `apikey:${id}`, role: Role.PARTNER_APP, scopeNodeId: row.node_id, grants: row.grants },
      };
    });
  }
}

/** A key as the events carry it: whose, where, what it may do, until when (never its secret or hash). */
function apiKeyState(apiKey: ApiKey) {
  return {
    id: apiKey.id,
    partnerId: apiKey.partnerId,
    nodeId: apiKey.nodeId,
    nodeLevel: apiKey.nodeLevel,
    fundId: apiKey.fundId,
    grants: [...apiKey.grants],
    expiresAt: apiKey.expiresAt.toISOString(),
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
