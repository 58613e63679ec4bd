/**
 * The api_key table's check constraints, by name: the entity declares them (@Check) and migration
 * ApiKeys1795806400000 creates them, so the two cannot drift apart.
 */
export const API_KEY_CHECKS: readonly [name: string, expression: string][] = [
  ['api_key_node_level', `"node_level" IN ('PROVINCE', 'COUNTY', 'VILLAGE', 'FUND', 'GROUP')`],
  ['api_key_grants', `cardinality("grants") > 0 AND "grants" <@ ARRAY['PORTFOLIO_READ', 'FUND_WRITE']::text[]`],
  ['api_key_secret_hash', `octet_length("secret_hash") = 32`],
  ['api_key_expiry', `"expires_at" > "created_at" AND "expires_at" <= "created_at" + interval '366 days'`],
  ['api_key_revocation', `("revoked_at" IS NULL) = ("revoked_by" IS NULL)`],
  ['api_key_fund_write_on_fund', `NOT ('FUND_WRITE' = ANY ("grants")) OR "node_level" = 'FUND'`],
  [
    'api_key_node_in_ancestry',
    `"node_id" = CASE "node_level" WHEN 'PROVINCE' THEN "province_id" WHEN 'COUNTY' THEN "county_id" WHEN 'VILLAGE' THEN "village_id" WHEN 'FUND' THEN "fund_id" ELSE "group_id" END`,
  ],
];
