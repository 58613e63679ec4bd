import Decimal from 'decimal.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { IsFreeText } from '@funds/graphql-kit';
import { FeeTimingEnum, LoanMethodEnum, RepaymentKindEnum } from './loan.types';

const KEY =
  'A key the client makes for this request (a UUID is best, 8 to 100 characters). The same request again with the same key returns the first result and posts nothing; the same key with a different request is refused (IDEMPOTENCY_KEY_REUSED).';

@InputType({
  description:
    "A loan product's settings. On createLoanProduct every setting left out takes the fund's methodology preset (MICRO_FUND: qard al-hasan, 2% fee upfront, up to 12 months, 3 times savings; SELF_HELP_GROUP: caps 25M/30M/50M IRR by loan cycle, 6 months of saving first, group guarantee, purpose required, 4% declining balance up to 24 months; SAVINGS_GROUP: 2% a month flat, 1 to 3 months, 3 times savings and shares); on updateLoanProduct what is left out stays. A loan keeps the terms it was applied for.",
})
export class LoanProductInput {
  @Field(() => String, { nullable: true, description: 'Its name, unique in the fund (1-100 characters).' })
  @IsFreeText()
  name?: string;

  @Field(() => LoanMethodEnum, { nullable: true, description: 'How its loans cost the borrower.' })
  method?: 'QARD_AL_HASAN' | 'FLAT' | 'DECLINING_BALANCE';

  @Field(() => DecimalScalar, { nullable: true, description: 'Yearly interest rate in percent (0 for qard al-hasan), 0-100.' })
  annualRatePercent?: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Service fee in percent of the principal, 0-100.' })
  feePercent?: Decimal;

  @Field(() => FeeTimingEnum, { nullable: true, description: 'When the fee is paid.' })
  feeTiming?: 'UPFRONT' | 'SPREAD';

  @Field(() => RepaymentKindEnum, { nullable: true, description: 'Monthly instalments or one bullet repayment.' })
  repayment?: 'MONTHLY' | 'BULLET';

  @Field(() => Int, { nullable: true, description: 'The shortest term in months (1-120).' })
  minTermMonths?: number;

  @Field(() => Int, { nullable: true, description: 'The longest term in months (1-120).' })
  maxTermMonths?: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Cap as a multiple of her savings and shares (null for none).' })
  maxSavingsMultiple?: Decimal | null;

  @Field(() => [DecimalScalar], {
    nullable: true,
    description: "Caps by loan cycle in the fund's currency: 1st, 2nd, 3rd... loan, the last applying beyond (null for none).",
  })
  cycleCaps?: Decimal[] | null;

  @Field(() => Int, { nullable: true, description: 'Months of membership before a first loan (0-120).' })
  waitingMonths?: number;

  @Field(() => Boolean, { nullable: true, description: 'Group guarantee: no new loan in a group while one of its members is in arrears.' })
  groupGuarantee?: boolean;

  @Field(() => Int, { nullable: true, description: 'Loans a member may have open at once (1-10).' })
  maxConcurrentLoans?: number;

  @Field(() => Boolean, { nullable: true, description: 'Whether a loan must state its purpose (livelihood).' })
  purposeRequired?: boolean;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Percent of the principal still owed held from her savings as guarantee, 0-100.',
  })
  guaranteeHoldPercent?: Decimal;

  @Field(() => Boolean, { nullable: true, description: 'Whether new loans may take it.' })
  active?: boolean;
}

@InputType({ description: 'A member applies for a loan from one of her fund’s products.' })
export class ApplyForLoanInput {
  @Field(() => ID, { description: 'The borrower (active in her fund).' })
  memberId!: string;

  @Field(() => ID, { description: 'A product of her fund.' })
  productId!: string;

  @Field(() => DecimalScalar, { description: "The principal, in the fund's currency (IRR and VND: whole units)." })
  principal!: Decimal;

  @Field(() => Int, { description: "The term in months, within the product's range." })
  termMonths!: number;

  @Field(() => String, { nullable: true, description: 'What it finances (a livelihood category: beekeeping, dairy, kilim weaving...).' })
  @IsFreeText()
  purpose?: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner whose credit line funds it (a bank linkage loan names the bank).' })
  fundingPartnerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The day she applied (YYYY-MM-DD, today by default; never in the future): an application recorded after the fact. The policy is judged as of that day.',
  })
  appliedOn?: string | null;
}

@InputType({ description: 'A step of a loan where money moves.' })
export class LoanMoneyInput {
  @Field(() => ID, { description: 'The loan.' })
  loanId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The business day (YYYY-MM-DD, today by default; never in a closed month or the future).',
  })
  valueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'A note kept in the journal.' })
  @IsFreeText()
  memo?: string | null;

  @Field(() => String, { description: KEY })
  idempotencyKey!: string;
}

@InputType({ description: 'A repayment of a loan.' })
export class RepayLoanInput extends LoanMoneyInput {
  @Field(() => DecimalScalar, {
    description:
      'The amount, more than zero: it pays fees, then interest, then principal, oldest instalment first, and pays ahead when more than is due (early repayment); more than everything owed is refused.',
  })
  amount!: Decimal;
}

@InputType({ description: 'A new schedule for what a loan still owes.' })
export class RescheduleLoanInput {
  @Field(() => ID, { description: 'The loan (disbursed).' })
  loanId!: string;

  @Field(() => Int, { description: 'The new term in months, from the value date (1-120).' })
  termMonths!: number;

  @Field(() => String, { nullable: true, description: 'The day the new schedule starts (YYYY-MM-DD, today by default).' })
  valueDate?: string | null;
}
