import { NodeRef, byKeys, groupByKeys } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import type { SavingsLoanContext } from '../../context';
import { money } from '../ledger/books.types';
import { ScopeRepository } from '../scope/fund-scope';
import { MeetingRepository, MeetingRow } from './meeting.repository';
import { MeetingLineType, MeetingType } from './meeting.types';

/** Most meetings `Group.meetings` returns. */
export const MEETINGS_LIMIT = 100;

export function toMeeting(m: MeetingRow): MeetingType {
  const sum = (pick: (l: MeetingRow['lines'][number]) => string) =>
    money(
      m.lines.reduce((s, l) => s.plus(pick(l)), new Dec(0)),
      m.currency,
    );
  return Object.assign(new MeetingType(), {
    id: m.id,
    fundId: m.fundId,
    groupId: m.groupId,
    heldOn: m.heldOn,
    recordedAt: m.recordedAt,
    lines: m.lines.map((l) =>
      Object.assign(new MeetingLineType(), {
        memberId: l.memberId,
        savings: money(l.savings, m.currency),
        shares: l.shares,
        sharesValue: money(l.sharesValue, m.currency),
        socialFund: money(l.socialFund, m.currency),
        repaid: money(l.repaid, m.currency),
        entryIds: l.entryIds,
      }),
    ),
    savings: sum((l) => l.savings),
    sharesValue: sum((l) => l.sharesValue),
    socialFund: sum((l) => l.socialFund),
    repaid: sum((l) => l.repaid),
  });
}

export const meetingLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, MeetingType | null>('meeting', (ids) =>
    ctx.db.read(async (em) => {
      const rows = await new MeetingRepository(em).find(ids);
      return byKeys(ids, rows.map(toMeeting), (m) => m.id, null);
    }),
  );

/** A group's meetings, newest first, between two days: one statement per level (per period asked). */
export const groupMeetingsLoader = (ctx: SavingsLoanContext, from: string | null, to: string | null) =>
  ctx.loaders.get<string, MeetingType[]>(`groupMeetings|${from ?? ''}|${to ?? ''}`, (groupIds) =>
    ctx.db.read(async (em) => {
      const rows = await new MeetingRepository(em).ofGroups(groupIds, from, to, MEETINGS_LIMIT);
      return groupByKeys(groupIds, rows.map(toMeeting), (m) => m.groupId);
    }),
  );

/** Groups' reference rows (their ancestry), for scope. */
export const groupRefLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, NodeRef | null>('groupRef', (ids) =>
    ctx.db.read(async (em) => {
      const found = await new ScopeRepository(em).groups(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  );
