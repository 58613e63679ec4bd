import express from 'express';
import { API_KEY_CHECK_PATH, API_KEY_CHECK_SIGNATURE_HEADER, isValidApiKeyCheckSignature } from '@funds/auth';
import { sendGraphQLError } from '@funds/graphql-kit';
import type { ApiKeyService } from './api-key.service';

/**
 * POST /internal/api-keys/check `{ "key": "fk_..." }`: the gateway's question about a key (the
 * gateway has no database). Only the gateway may ask: the request carries its HMAC of the key
 * (API_KEY_CHECK_SIGNATURE_HEADER), else 401 NOT_FROM_GATEWAY. The answer is 200 with
 * `{ valid: true, keyId, identity }` or `{ valid: false, code, message }`; a database failure is a
 * 5xx, which the gateway answers 503, never as a bad key. Not cached anywhere.
 */
export function apiKeyCheckRoutes(service: ApiKeyService, gatewaySecret: string): express.Router {
  const router = express.Router();
  router.post(API_KEY_CHECK_PATH.replace(/^\/internal/, ''), async (req, res, next) => {
    try {
      const key = (req.body as { key?: unknown } | undefined)?.key;
      if (
        typeof key !== 'string' ||
        key.length > 200 ||
        !isValidApiKeyCheckSignature(key, gatewaySecret, req.headers[API_KEY_CHECK_SIGNATURE_HEADER])
      ) {
        sendGraphQLError(req, res, 401, 'NOT_FROM_GATEWAY', 'Only the gateway checks API keys');
        return;
      }
      res.setHeader('cache-control', 'no-store');
      res.json(await service.verify(key));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
