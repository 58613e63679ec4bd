import type { EntityManager } from 'typeorm';
import type { FundStateValue, GroupStateValue, MemberStateValue, RegionStateValue } from '@funds/events';
import { Dec, decimalToString } from '@funds/money';
import type { FundPlace, ScheduleLine } from './book-events';

const S = 'reporting';

/** A balance a movement changes. */
export type BalanceAccount = 'SAVINGS' | 'SHARES' | 'SOCIAL_FUND';
/** What a fund_flow row records: a partner's capital of a kind (signed), a fee taken at pay-out, profit shared out. */
export type FundFlow = 'GRANT' | 'TRUST_CAPITAL' | 'CREDIT_LINE' | 'UPFRONT_FEE' | 'PROFIT_SHARED' | 'SHARE_DAYS';

/**
 * All SQL that writes reporting's read models. Every write sets values (upserts, updates to a
 * value) or inserts a row keyed by what it records (an entry, a meeting, a schedule version) and
 * does nothing when it is there: an event applied twice, or replayed from the start, changes
 * nothing. Ancestry is written on node rows; a fund's rows follow its node row by ON UPDATE CASCADE.
 */
export class ProjectionRepository {
  constructor(private readonly em: EntityManager) {}

  // ---- The hierarchy

  /** A province, county or village as it stands (its own id in its own level's column). */
  async upsertRegion(node: RegionStateValue, at: Date): Promise<void> {
    const provinceId = node.level === 'PROVINCE' ? node.id : node.provinceId;
    const countyId = node.level === 'COUNTY' ? node.id : node.level === 'VILLAGE' ? node.countyId : null;
    const villageId = node.level === 'VILLAGE' ? node.id : null;
    await this.em.query(
      `INSERT INTO ${S}.node (id, level, country_code, province_id, county_id, village_id, name, status, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET country_code = EXCLUDED.country_code, name = EXCLUDED.name, status = EXCLUDED.status,
         last_event_at = GREATEST(${S}.node.last_event_at, EXCLUDED.last_event_at)`,
      [node.id, node.level, node.countryCode, provinceId, countyId, villageId, node.name, node.status, at],
    );
  }

  /** A county or village moved: it and every row under it take the new ancestry (funds' rows by cascade). */
  async moveRegion(node: RegionStateValue): Promise<void> {
    if (node.level === 'COUNTY' && node.provinceId) {
      await this.em.query(`UPDATE ${S}.node SET province_id = $2 WHERE county_id = $1 AND province_id <> $2`, [node.id, node.provinceId]);
    }
    if (node.level === 'VILLAGE' && node.provinceId && node.countyId) {
      await this.em.query(
        `UPDATE ${S}.node SET county_id = $2, province_id = $3
          WHERE village_id = $1 AND (county_id, province_id) IS DISTINCT FROM ($2::uuid, $3::uuid)`,
        [node.id, node.countyId, node.provinceId],
      );
    }
  }

  /** A fund as it stands: inserted, or updated (a new ancestry moves its groups and every row of it by cascade). */
  async upsertFund(fund: FundStateValue, at: Date, status: string = fund.status): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.node (id, level, country_code, province_id, county_id, village_id, fund_id, name, status, currency, last_event_at)
       VALUES ($1, 'FUND', $2, $3, $4, $5, $1, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET country_code = EXCLUDED.country_code, province_id = EXCLUDED.province_id,
         county_id = EXCLUDED.county_id, village_id = EXCLUDED.village_id, name = EXCLUDED.name, status = EXCLUDED.status,
         currency = EXCLUDED.currency, last_event_at = GREATEST(${S}.node.last_event_at, EXCLUDED.last_event_at)`,
      [fund.id, fund.countryCode, fund.provinceId, fund.countyId, fund.villageId, fund.name, status, fund.currency, at],
    );
  }

  /**
   * A fund the books name before membership's event about it was applied (the two producers'
   * streams are not ordered with each other): its row with the ancestry the books give, which
   * membership's event completes. A fund already there is left as it is (its currency filled in
   * once): the event's touchNode, which follows, makes the event its newest.
   */
  async ensureFund(place: FundPlace, currency: string | null, at: Date): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.node (id, level, province_id, county_id, village_id, fund_id, currency, last_event_at)
       VALUES ($1, 'FUND', $2, $3, $4, $1, $5, $6)
       ON CONFLICT (id) DO UPDATE SET currency = EXCLUDED.currency
         WHERE ${S}.node.currency IS NULL AND EXCLUDED.currency IS NOT NULL`,
      [place.fundId, place.provinceId, place.countyId, place.villageId, currency, at],
    );
  }

  async upsertGroup(group: GroupStateValue, at: Date, status: string = group.status): Promise<void> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO ${S}.node (id, level, country_code, province_id, county_id, village_id, fund_id, group_id, name, status, last_event_at)
       SELECT $1, 'GROUP', f.country_code, f.province_id, f.county_id, f.village_id, f.id, $1, $3, $4, $5
         FROM ${S}.node f WHERE f.id = $2 AND f.level = 'FUND'
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,
         last_event_at = GREATEST(${S}.node.last_event_at, EXCLUDED.last_event_at)
       RETURNING id`,
      [group.id, group.fundId, group.name, status, at],
    );
    if (rows.length === 0) throw new Error(`group ${group.id} belongs to fund ${group.fundId}, which reporting's node tree does not hold`);
  }

  async setNodeStatus(id: string, status: string, at: Date): Promise<void> {
    await this.em.query(`UPDATE ${S}.node SET status = $2, last_event_at = GREATEST(last_event_at, $3::timestamptz) WHERE id = $1`, [
      id,
      status,
      at,
    ]);
  }

  /** Makes `at` the newest event of the node and of each of its ancestors (a node's answers carry its subtree's newest event). */
  async touchNode(nodeId: string, at: Date): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.node SET last_event_at = GREATEST(last_event_at, $2::timestamptz)
        WHERE id IN (SELECT unnest(ARRAY[n.id, n.province_id, n.county_id, n.village_id, n.fund_id]) FROM ${S}.node n WHERE n.id = $1)`,
      [nodeId, at],
    );
  }

  /** The day a membership first counts in any figure (null: reporting does not hold it yet). */
  async memberJoinedOn(memberId: string): Promise<string | null> {
    const rows: { joined_on: string }[] = await this.em.query(`SELECT joined_on::text AS joined_on FROM ${S}.member_fact WHERE id = $1`, [
      memberId,
    ]);
    return rows[0]?.joined_on ?? null;
  }

  // ---- Partners' capital, fees at pay-out, profit shared out

  async addFlow(
    place: FundPlace,
    flow: { sourceId: string; flow: FundFlow; partnerId: string | null; currency: string; valueDate: string; amount: string },
  ): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.fund_flow (source_id, flow, fund_id, province_id, county_id, village_id, partner_id, currency, value_date, amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        flow.sourceId,
        flow.flow,
        place.fundId,
        place.provinceId,
        place.countyId,
        place.villageId,
        flow.partnerId,
        flow.currency,
        flow.valueDate,
        flow.amount,
      ],
    );
  }

  // ---- Members

  /** A membership as it stands; the loans of a member whose group was not known yet take it. */
  async upsertMember(member: MemberStateValue): Promise<void> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO ${S}.member_fact (id, fund_id, province_id, county_id, village_id, group_id, status, sex, female_headed,
                                     has_disability, joined_on, exited_on, referred)
       SELECT $1, f.id, f.province_id, f.county_id, f.village_id, $3, $4, $5, $6, $7, $8, $9, $10 FROM ${S}.node f WHERE f.id = $2
       ON CONFLICT (id) DO UPDATE SET group_id = EXCLUDED.group_id, status = EXCLUDED.status, sex = EXCLUDED.sex,
         female_headed = EXCLUDED.female_headed, has_disability = EXCLUDED.has_disability, joined_on = EXCLUDED.joined_on,
         exited_on = EXCLUDED.exited_on, referred = EXCLUDED.referred
       RETURNING id`,
      [
        member.id,
        member.fundId,
        member.groupId,
        member.status,
        member.sex,
        member.femaleHeadedHousehold,
        member.hasDisability,
        member.joinedOn,
        member.exitedOn,
        member.referredByPartnerId !== null,
      ],
    );
    if (rows.length === 0)
      throw new Error(`member ${member.id} belongs to fund ${member.fundId}, which reporting's node tree does not hold`);
    if (member.groupId) {
      await this.em.query(`UPDATE ${S}.loan_state SET group_id = $2 WHERE member_id = $1 AND group_id IS NULL`, [
        member.id,
        member.groupId,
      ]);
      await this.em.query(`UPDATE ${S}.balance_movement SET group_id = $2 WHERE member_id = $1 AND group_id IS NULL`, [
        member.id,
        member.groupId,
      ]);
    }
  }

  // ---- Loans

  /** A loan applied for: its row, in its member's group when reporting knows it (else when her membership arrives). */
  async applyLoan(place: FundPlace, loan: { id: string; memberId: string; currency: string; principal: string; appliedOn: string }) {
    await this.em.query(
      `INSERT INTO ${S}.loan_state (id, fund_id, province_id, county_id, village_id, group_id, member_id, currency, principal, status, applied_on)
       VALUES ($1, $2, $3, $4, $5, (SELECT group_id FROM ${S}.member_fact WHERE id = $6), $6, $7, $8, 'APPLIED', $9)
       ON CONFLICT (id) DO NOTHING`,
      [
        loan.id,
        place.fundId,
        place.provinceId,
        place.countyId,
        place.villageId,
        loan.memberId,
        loan.currency,
        loan.principal,
        loan.appliedOn,
      ],
    );
  }

  /** A status that follows a decision (APPROVED, REJECTED), never one a later step set. */
  async decideLoan(loanId: string, status: 'APPROVED' | 'REJECTED'): Promise<void> {
    await this.em.query(`UPDATE ${S}.loan_state SET status = $2 WHERE id = $1 AND status IN ('APPLIED', 'APPROVED')`, [loanId, status]);
  }

  /** Paid out: the loan (inserted when its application was not seen), its first schedule version and instalments. */
  async disburseLoan(
    place: FundPlace,
    loan: { id: string; memberId: string; currency: string; principal: string; disbursedOn: string; schedule: ScheduleLine[] },
  ): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.loan_state (id, fund_id, province_id, county_id, village_id, group_id, member_id, currency, principal, status,
                                    disbursed_on, schedule_version)
       VALUES ($1, $2, $3, $4, $5, (SELECT group_id FROM ${S}.member_fact WHERE id = $6), $6, $7, $8, 'DISBURSED', $9, 1)
       ON CONFLICT (id) DO UPDATE SET principal = EXCLUDED.principal, disbursed_on = EXCLUDED.disbursed_on,
         status = CASE WHEN ${S}.loan_state.status IN ('APPLIED', 'APPROVED') THEN 'DISBURSED' ELSE ${S}.loan_state.status END,
         schedule_version = GREATEST(${S}.loan_state.schedule_version, 1)`,
      [
        loan.id,
        place.fundId,
        place.provinceId,
        place.countyId,
        place.villageId,
        loan.memberId,
        loan.currency,
        loan.principal,
        loan.disbursedOn,
      ],
    );
    await this.insertSchedule(loan.id, 1, loan.disbursedOn, loan.principal, loan.schedule);
  }

  /** A new schedule version from its value date, for the principal then owed. */
  async rescheduleLoan(loan: { id: string; version: number; effectiveOn: string; principal: string; schedule: ScheduleLine[] }) {
    await this.insertSchedule(loan.id, loan.version, loan.effectiveOn, loan.principal, loan.schedule);
    await this.em.query(
      `UPDATE ${S}.loan_state SET schedule_version = GREATEST(schedule_version, $2), rescheduled_count = GREATEST(rescheduled_count, $2 - 1)
        WHERE id = $1`,
      [loan.id, loan.version],
    );
  }

  private async insertSchedule(loanId: string, version: number, effectiveOn: string, principal: string, lines: ScheduleLine[]) {
    await this.em.query(
      `INSERT INTO ${S}.loan_schedule (loan_id, version, effective_on, principal) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [loanId, version, effectiveOn, principal],
    );
    const sorted = [...lines].sort((a, b) => a.number - b.number);
    let through = new Dec(0);
    const running = sorted.map((line) => (through = through.plus(line.principal)));
    await this.em.query(
      `INSERT INTO ${S}.loan_instalment (loan_id, version, number, due_on, principal, interest, fee, principal_through)
       SELECT $1, $2, l.number, l.due_on, l.principal, l.interest, l.fee, l.through
         FROM unnest($3::int[], $4::date[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[])
              AS l(number, due_on, principal, interest, fee, through)
       ON CONFLICT DO NOTHING`,
      [
        loanId,
        version,
        sorted.map((l) => l.number),
        sorted.map((l) => l.dueOn),
        sorted.map((l) => l.principal),
        sorted.map((l) => l.interest),
        sorted.map((l) => l.fee),
        running.map(decimalToString),
      ],
    );
  }

  async repayLoan(repayment: {
    entryId: string;
    loanId: string;
    valueDate: string;
    amount: string;
    fee: string;
    interest: string;
    principal: string;
  }) {
    await this.em.query(
      `INSERT INTO ${S}.loan_repayment (entry_id, loan_id, value_date, amount, fee, interest, principal)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [repayment.entryId, repayment.loanId, repayment.valueDate, repayment.amount, repayment.fee, repayment.interest, repayment.principal],
    );
  }

  async writeOffLoan(loanId: string, on: string, principal: string): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.loan_state SET status = 'WRITTEN_OFF', written_off_on = $2, written_off_principal = $3 WHERE id = $1`,
      [loanId, on, principal],
    );
  }

  async closeLoan(loanId: string, on: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.loan_state SET status = 'CLOSED', closed_on = $2 WHERE id = $1`, [loanId, on]);
  }

  // ---- Savings, shares, social fund

  /** One movement of a fund's balance (signed: a withdrawal is negative), keyed by what recorded it. */
  async addMovement(
    place: FundPlace,
    movement: {
      sourceId: string;
      account: BalanceAccount;
      memberId: string | null;
      groupId?: string | null;
      kind: string;
      currency: string;
      valueDate: string;
      amount: string;
    },
  ): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.balance_movement (source_id, account, fund_id, province_id, county_id, village_id, group_id, member_id, kind,
                                          currency, value_date, amount)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, (SELECT group_id FROM ${S}.member_fact WHERE id = $8)), $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING`,
      [
        movement.sourceId,
        movement.account,
        place.fundId,
        place.provinceId,
        place.countyId,
        place.villageId,
        movement.groupId ?? null,
        movement.memberId,
        movement.kind,
        movement.currency,
        movement.valueDate,
        movement.amount,
      ],
    );
  }

  /** The mirror image of the movements an entry recorded (its reversal), dated on the reversal's day. */
  async reverseMovements(reversedEntryId: string, reversalId: string, valueDate: string): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.fund_flow (source_id, flow, fund_id, province_id, county_id, village_id, group_id, partner_id, currency, value_date, amount)
       SELECT $2, flow, fund_id, province_id, county_id, village_id, group_id, partner_id, currency, $3, -amount
         FROM ${S}.fund_flow WHERE source_id = $1
       ON CONFLICT DO NOTHING`,
      [reversedEntryId, reversalId, valueDate],
    );
    await this.em.query(
      `INSERT INTO ${S}.balance_movement (source_id, account, fund_id, province_id, county_id, village_id, group_id, member_id, kind,
                                          currency, value_date, amount)
       SELECT $2, account, fund_id, province_id, county_id, village_id, group_id, member_id, 'REVERSAL_OF_' || kind, currency, $3, -amount
         FROM ${S}.balance_movement WHERE source_id = $1
       ON CONFLICT DO NOTHING`,
      [reversedEntryId, reversalId, valueDate],
    );
  }

  /**
   * The shares a fund held over the cycle that closes on `closedOn`, as amount times days: each
   * share purchase since the last share-out (after which the fund holds none), times the days
   * from its value date to the close. Read before the share-out is recorded.
   */
  async shareDays(fundId: string, closedOn: string): Promise<string> {
    const [row]: { share_days: string }[] = await this.em.query(
      `SELECT coalesce(sum(m.amount * ($2::date - m.value_date)), 0)::text AS share_days
         FROM ${S}.balance_movement m
        WHERE m.fund_id = $1 AND m.account = 'SHARES' AND m.kind <> 'SHARE_OUT' AND m.value_date <= $2
          AND m.value_date > coalesce((SELECT max(o.value_date) FROM ${S}.balance_movement o
                                        WHERE o.fund_id = $1 AND o.kind = 'SHARE_OUT' AND o.value_date < $2), '-infinity'::date)`,
      [fundId, closedOn],
    );
    return row.share_days;
  }

  /** A savings group's share-out: its members' shares, as recorded up to that day, paid out. */
  async shareOut(place: FundPlace, cycleId: string, currency: string, closedOn: string): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.balance_movement (source_id, account, fund_id, province_id, county_id, village_id, member_id, kind, currency,
                                          value_date, amount)
       SELECT $1, 'SHARES', $2, $3, $4, $5, NULL, 'SHARE_OUT', $6, $7, -coalesce(sum(amount), 0)
         FROM ${S}.balance_movement WHERE fund_id = $2 AND account = 'SHARES' AND value_date <= $7
       ON CONFLICT DO NOTHING`,
      [cycleId, place.fundId, place.provinceId, place.countyId, place.villageId, currency, closedOn],
    );
  }
}
