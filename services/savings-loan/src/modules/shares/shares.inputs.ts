import Decimal from 'decimal.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { IsFreeText } from '@funds/graphql-kit';

const KEY_DESCRIPTION =
  'A key the client makes for this request (a UUID is best, 8 to 100 characters). Sending the same request again with the same key returns the first result and posts nothing; the same key with a different request is refused (IDEMPOTENCY_KEY_REUSED).';
const VALUE_DATE_DESCRIPTION = 'The business day it happened (YYYY-MM-DD, today by default; never in a closed month or the future).';

@InputType({ description: "A savings group's terms, set by the fund's admins." })
export class SavingsTermsInput {
  @Field(() => ID, { description: 'The fund.' })
  fundId!: string;

  @Field(() => DecimalScalar, {
    description:
      "The value of one share, in the fund's currency (more than zero). It changes only while no member holds shares (SHARE_VALUE_LOCKED): after a share-out.",
  })
  shareValue!: Decimal;

  @Field(() => Int, { description: 'The most shares a member buys in one meeting (1 to 100; 5 is usual).' })
  maxSharesPerMeeting!: number;

  @Field(() => DecimalScalar, { description: 'The social fund contribution each member makes per meeting (zero: none set).' })
  socialFundPerMeeting!: Decimal;
}

@InputType({ description: "A member's share purchase at the fund's share value." })
export class BuySharesInput {
  @Field(() => ID, { description: 'The member (active in a fund whose savings terms are set).' })
  memberId!: string;

  @Field(() => Int, {
    description:
      'How many shares (one or more). With the ones she bought in the same meeting, at most the per-meeting maximum (SHARE_LIMIT_PER_MEETING).',
  })
  shares!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The meeting it is bought in (a UUID the client makes, as a collection sheet’s); none: a meeting of its own.',
  })
  meetingId?: string | null;

  @Field(() => String, { nullable: true, description: VALUE_DATE_DESCRIPTION })
  valueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'A note kept in the journal.' })
  @IsFreeText()
  memo?: string | null;

  @Field(() => String, { description: KEY_DESCRIPTION })
  idempotencyKey!: string;
}

@InputType({ description: 'A contribution to the social fund, or a payout from it to a member in need.' })
export class SocialFundInput {
  @Field(() => ID, { description: 'The member who contributes, or who is paid.' })
  memberId!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "The amount in the fund's currency. A contribution without one is the terms' contribution per meeting; a payout needs it (INVALID_AMOUNT).",
  })
  amount?: Decimal | null;

  @Field(() => ID, { nullable: true, description: 'The meeting it is recorded in, if any.' })
  meetingId?: string | null;

  @Field(() => String, { nullable: true, description: VALUE_DATE_DESCRIPTION })
  valueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'A note kept in the journal (for a payout: why, without personal details).' })
  @IsFreeText()
  memo?: string | null;

  @Field(() => String, { description: KEY_DESCRIPTION })
  idempotencyKey!: string;
}
