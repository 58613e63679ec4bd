import type { EntityManager } from 'typeorm';
import { S } from '../ledger/chart';

/** One line's result, as stored with the meeting. */
export interface MeetingLineResult {
  memberId: string;
  savings: string;
  shares: number;
  sharesValue: string;
  socialFund: string;
  repaid: string;
  entryIds: string[];
}

export interface MeetingRow {
  id: string;
  fundId: string;
  groupId: string;
  heldOn: string;
  currency: string;
  lineCount: number;
  lines: MeetingLineResult[];
  recordedAt: Date;
}

interface MeetingRecord {
  id: string;
  fund_id: string;
  group_id: string;
  held_on: string;
  currency: string;
  line_count: number;
  lines: MeetingLineResult[];
  recorded_at: Date;
}

const COLUMNS = `m.id, m.fund_id, m.group_id, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, b.currency, m.line_count, m.lines, m.recorded_at`;
const toRow = (r: MeetingRecord): MeetingRow => ({
  id: r.id,
  fundId: r.fund_id,
  groupId: r.group_id,
  heldOn: r.held_on,
  currency: r.currency,
  lineCount: r.line_count,
  lines: r.lines,
  recordedAt: r.recorded_at,
});

/** All SQL of meetings. */
export class MeetingRepository {
  constructor(private readonly em: EntityManager) {}

  /** The meetings the caller may see (row-level security). */
  async find(ids: readonly string[]): Promise<MeetingRow[]> {
    const rows: MeetingRecord[] = await this.em.query(
      `SELECT ${COLUMNS} FROM ${S}.meeting m JOIN ${S}.fund_book b ON b.fund_id = m.fund_id WHERE m.id = ANY ($1::uuid[])`,
      [ids],
    );
    return rows.map(toRow);
  }

  /** Writes the meeting and returns it as `find` would read it back (no second statement). */
  async insert(meeting: {
    id: string;
    fundId: string;
    groupId: string;
    heldOn: string;
    currency: string;
    requestHash: string;
    lines: MeetingLineResult[];
    recordedBy: string;
  }): Promise<MeetingRow> {
    const [{ recorded_at }]: { recorded_at: Date }[] = await this.em.query(
      `INSERT INTO ${S}.meeting (id, fund_id, province_id, county_id, village_id, group_id, held_on, request_hash, line_count, lines, recorded_by)
       SELECT $1, fund_id, province_id, county_id, village_id, $3, $4, $5, $6, $7, $8 FROM ${S}.fund_book WHERE fund_id = $2
       RETURNING recorded_at`,
      [
        meeting.id,
        meeting.fundId,
        meeting.groupId,
        meeting.heldOn,
        meeting.requestHash,
        meeting.lines.length,
        JSON.stringify(meeting.lines),
        meeting.recordedBy,
      ],
    );
    const { id, fundId, groupId, heldOn, currency, lines } = meeting;
    return { id, fundId, groupId, heldOn, currency, lineCount: lines.length, lines, recordedAt: recorded_at };
  }

  /** Meetings of groups, newest first (at most `limit` per group), between two days when given. */
  async ofGroups(groupIds: readonly string[], from: string | null, to: string | null, limit: number): Promise<MeetingRow[]> {
    const rows: MeetingRecord[] = await this.em.query(
      `SELECT * FROM (
         SELECT ${COLUMNS}, row_number() OVER (PARTITION BY m.group_id ORDER BY m.held_on DESC, m.id DESC) AS n
           FROM ${S}.meeting m JOIN ${S}.fund_book b ON b.fund_id = m.fund_id
          WHERE m.group_id = ANY ($1::uuid[]) AND ($2::date IS NULL OR m.held_on >= $2) AND ($3::date IS NULL OR m.held_on <= $3)
       ) ranked WHERE n <= $4 ORDER BY group_id, held_on DESC, id DESC`,
      [groupIds, from, to, limit],
    );
    return rows.map(toRow);
  }

  /** The member a loan was made to (null when the caller cannot see the loan: the loans module then says NOT_FOUND). */
  async loanBorrower(loanId: string): Promise<string | null> {
    const [row]: { member_id: string }[] = await this.em.query(`SELECT member_id FROM ${S}.loan WHERE id = $1`, [loanId]);
    return row?.member_id ?? null;
  }
}
