import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { DomainError } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { FundBooks, JournalEntryType } from '../ledger/books.types';
import { entryLoader } from '../ledger/ledger.loaders';
import { BuySharesInput, SavingsTermsInput, SocialFundInput } from './shares.inputs';
import { termsLoader, toTermsType } from './shares.loaders';
import { SharesService } from './shares.service';
import { SavingsTermsType } from './shares.types';

@Resolver(() => FundBooks)
export class SavingsTermsFieldResolver {
  @FieldResolver(() => SavingsTermsType, {
    nullable: true,
    description: "The fund's savings-group terms (share value, most shares per meeting, social fund contribution); null until set.",
  })
  savingsTerms(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return termsLoader(ctx).load(books.fundId);
  }
}

@Resolver()
export class SharesResolver {
  constructor(private readonly shares: SharesService) {}

  @Mutation(() => SavingsTermsType, {
    description:
      "Set a savings group's terms (the fund's admins): the share value, the most shares per member and meeting, the social fund contribution per meeting. The share value changes only while no member holds shares (SHARE_VALUE_LOCKED).",
  })
  async setSavingsTerms(@Arg('input', () => SavingsTermsInput) input: SavingsTermsInput, @Ctx() ctx: SavingsLoanContext) {
    const terms = await this.shares.setSavingsTerms(ctx.access, input);
    ctx.loaders.clearAll();
    return toTermsType(terms);
  }

  @Mutation(() => JournalEntryType, {
    description:
      "A member buys shares at the fund's share value: cash in, her shares up. Refused without terms (SAVINGS_TERMS_NOT_SET) and beyond the most shares per meeting (SHARE_LIMIT_PER_MEETING, with what she bought in the meeting in the details).",
  })
  async buyShares(@Arg('input', () => BuySharesInput) input: BuySharesInput, @Ctx() ctx: SavingsLoanContext) {
    const result = await this.shares.buyShares(ctx.access, input);
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }

  @Mutation(() => JournalEntryType, {
    description:
      "A member's contribution to the social fund (the terms' contribution per meeting unless an amount is given): cash in, the social fund up.",
  })
  async contributeToSocialFund(@Arg('input', () => SocialFundInput) input: SocialFundInput, @Ctx() ctx: SavingsLoanContext) {
    const result = await this.shares.contributeToSocialFund(ctx.access, input);
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }

  @Mutation(() => JournalEntryType, {
    description:
      'A grant from the social fund to a member in need: the social fund down, cash out. Never more than the social fund holds (INSUFFICIENT_SOCIAL_FUND, with what it holds in the details).',
  })
  async payFromSocialFund(@Arg('input', () => SocialFundInput) input: SocialFundInput, @Ctx() ctx: SavingsLoanContext) {
    const amount = input.amount;
    if (!amount) throw new DomainError('INVALID_AMOUNT', 'A payout from the social fund names its amount', 'amount');
    const result = await this.shares.payFromSocialFund(ctx.access, { ...input, amount });
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }
}
