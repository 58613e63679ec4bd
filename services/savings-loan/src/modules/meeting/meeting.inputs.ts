import Decimal from 'decimal.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '@funds/money';

@InputType({ description: 'A repayment of one loan in a collection sheet.' })
export class MeetingRepaymentInput {
  @Field(() => ID, { description: "The loan (the line's member's)." })
  loanId!: string;

  @Field(() => DecimalScalar, { description: 'The amount repaid: fees, interest, then principal, oldest instalment first.' })
  amount!: Decimal;
}

@InputType({ description: "One member's line of a collection sheet; what she does not pay is left out (or zero)." })
export class MeetingLineInput {
  @Field(() => ID, { description: "The member (active, in the sheet's group, one line each)." })
  memberId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Her savings deposit, in the fund's currency." })
  savings?: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'How many shares she buys at the share value (at most the per-meeting maximum).' })
  shares?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Her social fund contribution.' })
  socialFund?: Decimal | null;

  @Field(() => [MeetingRepaymentInput], {
    nullable: true,
    description:
      'Her loan repayments, each as repayLoan posts one (a refusal names it: lines.2.repayments.0.amount; a loan of another member is LOAN_NOT_OF_MEMBER).',
  })
  repayments?: MeetingRepaymentInput[] | null;
}

@InputType({ description: "A group meeting's collection sheet." })
export class MeetingInput {
  @Field(() => ID, {
    description:
      'A UUID the client makes for this meeting, once: it is the sheet’s idempotency key (sent again, the same sheet returns the first result and posts nothing; another sheet with it is IDEMPOTENCY_KEY_REUSED).',
  })
  meetingId!: string;

  @Field(() => ID, { description: 'The group that met.' })
  groupId!: string;

  @Field(() => String, { description: 'The day it was held (YYYY-MM-DD; today or earlier, in an open month).' })
  heldOn!: string;

  @Field(() => [MeetingLineInput], { description: 'One line per member who paid (1 to 200 lines).' })
  lines!: MeetingLineInput[];
}
