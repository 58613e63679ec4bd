import type { EntityManager } from 'typeorm';
import { uuid7 } from './uuid7';

/**
 * The audit log (issue 6): one row per mutation a service runs, written in the same transaction
 * as the change (a refusal in a transaction of its own), append-only for the application role.
 * A row carries the ancestry of the node it concerns (the target, or for a refusal with no
 * visible target the caller's scope node), so row-level security shows an admin the rows under
 * their node; only admins read it (`auditPolicySql`).
 */
export const AUDIT_ANCESTRY_COLUMNS = ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id'] as const;

export const AUDIT_TABLE_SQL = (schema: string): string[] => [
  `CREATE TABLE "${schema}".audit_event (
     id uuid PRIMARY KEY,
     seq bigserial NOT NULL UNIQUE,
     occurred_at timestamptz NOT NULL DEFAULT now(),
     request_id text NOT NULL,
     subject text NOT NULL,
     role text NOT NULL,
     grants text[] NOT NULL DEFAULT '{}',
     operation text NOT NULL,
     outcome text NOT NULL,
     message text,
     target_id uuid,
     target_level text,
     province_id uuid,
     county_id uuid,
     village_id uuid,
     fund_id uuid,
     group_id uuid,
     arguments jsonb NOT NULL
   )`,
  ...AUDIT_ANCESTRY_COLUMNS.map(
    (c) => `CREATE INDEX audit_event_${c}_seq ON "${schema}".audit_event (${c}, seq DESC) WHERE ${c} IS NOT NULL`,
  ),
];

/** Who may write and read audit rows: any request its own (in scope); only admins (and the platform) read. */
export const auditPolicySql = (schema: string): string[] => {
  const inScope = `"${schema}".in_scope(${AUDIT_ANCESTRY_COLUMNS.join(', ')})`;
  return [
    `ALTER TABLE "${schema}".audit_event ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY append ON "${schema}".audit_event FOR INSERT WITH CHECK (${inScope})`,
    `CREATE POLICY admins ON "${schema}".audit_event FOR SELECT
       USING (${inScope} AND "${schema}".scope_role() IN ('NATIONAL_ADMIN', 'REGIONAL_ADMIN', 'SYSTEM'))`,
  ];
};

export interface AuditAncestry {
  provinceId?: string | null;
  countyId?: string | null;
  villageId?: string | null;
  fundId?: string | null;
  groupId?: string | null;
}

export interface AuditEntry {
  requestId: string;
  subject: string;
  role: string;
  grants?: readonly string[];
  operation: string;
  /** 'OK', or the refusal's error code. */
  outcome: string;
  message?: string | null;
  targetId?: string | null;
  targetLevel?: string | null;
  ancestry: AuditAncestry;
  /** Already masked (no personal data). */
  arguments: unknown;
}

export async function writeAuditEvent(em: EntityManager, schema: string, entry: AuditEntry): Promise<string> {
  const id = uuid7();
  const a = entry.ancestry;
  await em.query(
    `INSERT INTO "${schema}".audit_event
       (id, request_id, subject, role, grants, operation, outcome, message, target_id, target_level,
        province_id, county_id, village_id, fund_id, group_id, arguments)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      id,
      entry.requestId,
      entry.subject,
      entry.role,
      [...(entry.grants ?? [])],
      entry.operation,
      entry.outcome,
      entry.message ?? null,
      entry.targetId ?? null,
      entry.targetLevel ?? null,
      a.provinceId ?? null,
      a.countyId ?? null,
      a.villageId ?? null,
      a.fundId ?? null,
      a.groupId ?? null,
      JSON.stringify(entry.arguments ?? {}),
    ],
  );
  return id;
}
