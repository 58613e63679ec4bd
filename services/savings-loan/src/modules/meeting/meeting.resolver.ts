import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { dateArg } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { GroupBooksEntity, JournalEntryType } from '../ledger/books.types';
import { entryLoader, fundRefLoader } from '../ledger/ledger.loaders';
import { MeetingInput } from './meeting.inputs';
import { MEETINGS_LIMIT, groupMeetingsLoader, groupRefLoader, meetingLoader, toMeeting } from './meeting.loaders';
import { MeetingService } from './meeting.service';
import { MeetingLineType, MeetingType } from './meeting.types';

const entriesOf = async (ctx: SavingsLoanContext, ids: string[]): Promise<JournalEntryType[]> =>
  (await entryLoader(ctx).loadMany(ids)).filter((e): e is JournalEntryType => e instanceof JournalEntryType);

@Resolver(() => MeetingType)
export class MeetingFieldsResolver {
  @FieldResolver(() => [JournalEntryType], { description: 'Every entry the sheet posted, line by line.' })
  entries(@Root() meeting: MeetingType, @Ctx() ctx: SavingsLoanContext) {
    return entriesOf(
      ctx,
      meeting.lines.flatMap((l) => l.entryIds),
    );
  }
}

@Resolver(() => MeetingLineType)
export class MeetingLineFieldsResolver {
  @FieldResolver(() => [JournalEntryType], { description: "The line's entries: deposit, share purchase, social fund, repayments." })
  entries(@Root() line: MeetingLineType, @Ctx() ctx: SavingsLoanContext) {
    return entriesOf(ctx, line.entryIds);
  }
}

@Resolver(() => GroupBooksEntity)
export class GroupMeetingsResolver {
  @FieldResolver(() => [MeetingType], {
    nullable: true,
    description: `The group's meetings (collection sheets), newest first, at most ${MEETINGS_LIMIT}, between two days when given. Names members' money: her fund's people and admins read it, not viewers or portfolio apps.`,
  })
  async meetings(
    @Root() group: GroupBooksEntity,
    @Arg('from', () => String, { nullable: true, description: 'First day (YYYY-MM-DD).' }) from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'Last day (YYYY-MM-DD).' }) to: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ): Promise<MeetingType[] | null> {
    const ref = await groupRefLoader(ctx).load(group.id);
    if (!ref || !ctx.access.canSee(ref)) return null;
    ctx.access.authorize('Group.meetings', ref, 'meetings');
    if (!(await fundRefLoader(ctx).load(ref.fundId as string))) return null;
    return groupMeetingsLoader(ctx, from ? dateArg(from, 'from') : null, to ? dateArg(to, 'to') : null).load(group.id);
  }
}

@Resolver()
export class MeetingResolver {
  constructor(private readonly meetings: MeetingService) {}

  @Mutation(() => MeetingType, {
    description:
      "Record a group meeting's collection sheet: each line's savings deposit, share purchase, social fund contribution and loan repayments, posted in one transaction with a result per line, all or nothing. A refused line refuses the whole sheet and the error names it (field lines.3.savings); a member not in the group is MEMBER_NOT_IN_GROUP. The meeting id is the sheet's idempotency key: sent again, the same sheet returns the first result and posts nothing; the same id with another sheet is IDEMPOTENCY_KEY_REUSED.",
  })
  async recordMeeting(@Arg('input', () => MeetingInput) input: MeetingInput, @Ctx() ctx: SavingsLoanContext) {
    const result = await this.meetings.recordMeeting(ctx.access, input);
    ctx.loaders.clearAll();
    if (result.written) meetingLoader(ctx).prime(result.meetingId, toMeeting(result.written));
    return meetingLoader(ctx).load(result.meetingId);
  }
}
