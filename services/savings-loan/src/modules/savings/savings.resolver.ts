import Decimal from 'decimal.js';
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { IsFreeText } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { JournalEntryType } from '../ledger/books.types';
import { entryLoader } from '../ledger/ledger.loaders';
import { SavingsService } from './savings.service';

@InputType({ description: "One member's money event." })
export class MemberMoneyInput {
  @Field(() => ID, { description: 'The member (her fund is where the money is kept).' })
  memberId!: string;

  @Field(() => DecimalScalar, { description: "The amount, more than zero, in the fund's currency (IRR and VND: whole units)." })
  amount!: Decimal;

  @Field(() => String, {
    nullable: true,
    description: 'The business day it happened (YYYY-MM-DD, today by default; never in a closed month or the future).',
  })
  valueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'A note kept in the journal.' })
  @IsFreeText()
  memo?: string | null;

  @Field(() => String, {
    description:
      'A key the client makes for this request (a UUID is best, 8 to 100 characters). Sending the same request again with the same key returns the first result and posts nothing; the same key with a different request is refused (IDEMPOTENCY_KEY_REUSED).',
  })
  idempotencyKey!: string;
}

@Resolver()
export class SavingsResolver {
  constructor(private readonly savings: SavingsService) {}

  @Mutation(() => JournalEntryType, { description: "A member's savings deposit: cash in, her savings up." })
  async deposit(@Arg('input', () => MemberMoneyInput) input: MemberMoneyInput, @Ctx() ctx: SavingsLoanContext) {
    const result = await this.savings.deposit(ctx.access, input);
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }

  @Mutation(() => JournalEntryType, {
    description:
      "A member's withdrawal from her savings. Refused when it would take her savings below what her loans hold as guarantee, or below zero (INSUFFICIENT_SAVINGS, with what she can withdraw in the details).",
  })
  async withdraw(@Arg('input', () => MemberMoneyInput) input: MemberMoneyInput, @Ctx() ctx: SavingsLoanContext) {
    const result = await this.savings.withdraw(ctx.access, input);
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }
}
