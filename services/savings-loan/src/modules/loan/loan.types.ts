import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { MoneyType, connectionType } from '@funds/graphql-kit';

export const LoanMethodEnum = { QARD_AL_HASAN: 'QARD_AL_HASAN', FLAT: 'FLAT', DECLINING_BALANCE: 'DECLINING_BALANCE' } as const;
registerEnumType(LoanMethodEnum, {
  name: 'LoanMethod',
  description: 'How a loan costs the borrower.',
  valuesConfig: {
    QARD_AL_HASAN: {
      description:
        'Interest-free (qard al-hasan): the cost is a service fee, a percent of the principal rounded once to the minor unit (half-even).',
    },
    FLAT: {
      description:
        'Flat interest: principal x annual rate x term months / 12, rounded once, split over the instalments like the principal.',
    },
    DECLINING_BALANCE: {
      description:
        'Interest on the principal still owed: an equal monthly payment P x r / (1 - (1 + r)^-n), r = annual rate / 12, rounded; each month the interest on what is owed (rounded), the rest principal; the last instalment takes the principal left. A bullet loan pays its flat interest.',
    },
  },
});

export const FeeTimingEnum = { UPFRONT: 'UPFRONT', SPREAD: 'SPREAD' } as const;
registerEnumType(FeeTimingEnum, {
  name: 'FeeTiming',
  description: 'When the service fee is paid.',
  valuesConfig: {
    UPFRONT: { description: 'Taken at disbursement: she receives the principal less the fee.' },
    SPREAD: { description: 'Split over the instalments like the principal.' },
  },
});

export const RepaymentKindEnum = { MONTHLY: 'MONTHLY', BULLET: 'BULLET' } as const;
registerEnumType(RepaymentKindEnum, {
  name: 'RepaymentKind',
  description: 'How a loan is repaid.',
  valuesConfig: {
    MONTHLY: { description: 'Monthly instalments on the disbursement day of the month (clamped to the month’s last day).' },
    BULLET: { description: 'One repayment of everything at the end of the term.' },
  },
});

export const LoanStatusEnum = {
  APPLIED: 'APPLIED',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  DISBURSED: 'DISBURSED',
  CLOSED: 'CLOSED',
  WRITTEN_OFF: 'WRITTEN_OFF',
} as const;
registerEnumType(LoanStatusEnum, {
  name: 'LoanStatus',
  description: 'Where a loan stands in its life.',
  valuesConfig: {
    APPLIED: { description: 'She applied; officers have not decided yet.' },
    APPROVED: { description: 'An officer approved it; not paid out yet.' },
    REJECTED: { description: 'Refused by an officer.' },
    DISBURSED: { description: 'Paid out; being repaid.' },
    CLOSED: { description: 'Everything repaid.' },
    WRITTEN_OFF: { description: 'The principal left was given up as lost.' },
  },
});

@ObjectType('LoanProduct', { description: "A fund's loan product: the terms and policy rules its loans are given on." })
export class LoanProductType {
  @Field(() => ID, { description: 'The product id.' })
  id!: string;

  fundId!: string;

  @Field(() => String, { description: 'Its name, unique in the fund.' })
  name!: string;

  @Field(() => LoanMethodEnum, { description: 'How its loans cost the borrower.' })
  method!: string;

  @Field(() => DecimalScalar, { description: 'Yearly interest rate in percent (0 for qard al-hasan).' })
  annualRatePercent!: Decimal;

  @Field(() => DecimalScalar, { description: 'Service fee in percent of the principal (0 for none).' })
  feePercent!: Decimal;

  @Field(() => FeeTimingEnum, { description: 'When the fee is paid.' })
  feeTiming!: string;

  @Field(() => RepaymentKindEnum, { description: 'Monthly instalments or one bullet repayment.' })
  repayment!: string;

  @Field(() => Int, { description: 'The shortest term in months.' })
  minTermMonths!: number;

  @Field(() => Int, { description: 'The longest term in months.' })
  maxTermMonths!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'A loan with what she still owes on her other loans is at most this many times her savings and shares (null: no such cap).',
  })
  maxSavingsMultiple!: Decimal | null;

  @Field(() => [MoneyType], {
    nullable: true,
    description: 'The most she may borrow on her 1st, 2nd, 3rd... loan in the fund (the last cap applies beyond); null: no cycle caps.',
  })
  cycleCaps!: MoneyType[] | null;

  @Field(() => Int, { description: 'Months of membership before her first loan (0: none).' })
  waitingMonths!: number;

  @Field(() => Boolean, { description: 'Group guarantee: no new loan in a group while one of its members is in arrears.' })
  groupGuarantee!: boolean;

  @Field(() => Int, { description: 'Loans a member may have open at once (applied, approved or disbursed).' })
  maxConcurrentLoans!: number;

  @Field(() => Boolean, { description: 'Whether a loan states its purpose (livelihood).' })
  purposeRequired!: boolean;

  @Field(() => DecimalScalar, {
    description:
      'Percent of the principal still owed that is held from her savings as guarantee (not withdrawable) while the loan is open.',
  })
  guaranteeHoldPercent!: Decimal;

  @Field(() => Boolean, { description: 'Whether new loans may take it.' })
  active!: boolean;
}

@ObjectType('LoanApproval', { description: "An officer's approval of a loan." })
export class LoanApprovalType {
  @Field(() => String, { description: 'Who approved (the caller’s subject).' })
  approvedBy!: string;

  @Field(() => Date, { description: 'When.' })
  approvedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The officer’s note.' })
  note!: string | null;
}

@ObjectType('LoanInstalment', {
  description:
    'One instalment of a loan’s schedule, with what has been paid of it. Splitting rule (the remainder rule): an amount split over n instalments gives each amount / n rounded down to the minor unit, and the units left over go one each to the earliest instalments, so the instalments sum exactly to the principal (and to the fee and interest).',
})
export class LoanInstalmentType {
  @Field(() => Int, { description: 'The schedule version (1 at disbursement, one more at each rescheduling).' })
  version!: number;

  @Field(() => Int, { description: 'Its number in the schedule, from 1.' })
  number!: number;

  @Field(() => String, { description: 'Its due date (YYYY-MM-DD).' })
  dueOn!: string;

  @Field(() => MoneyType, { description: 'Principal due.' })
  principal!: MoneyType;

  @Field(() => MoneyType, { description: 'Interest due.' })
  interest!: MoneyType;

  @Field(() => MoneyType, { description: 'Service fee due.' })
  fee!: MoneyType;

  @Field(() => MoneyType, { description: 'Principal paid.' })
  principalPaid!: MoneyType;

  @Field(() => MoneyType, { description: 'Interest paid.' })
  interestPaid!: MoneyType;

  @Field(() => MoneyType, { description: 'Fee paid.' })
  feePaid!: MoneyType;
}

@ObjectType('LoanArrears', { description: 'What a loan is behind on at the end of a day.' })
export class LoanArrearsType {
  @Field(() => String, { description: 'The day (YYYY-MM-DD).' })
  asOf!: string;

  @Field(() => Int, {
    description: 'Days since the oldest unpaid instalment fell due (0: not behind). An instalment due on the day is not late yet.',
  })
  daysPastDue!: number;

  @Field(() => Int, { description: 'Instalments fallen due before the day and not fully paid.' })
  instalmentsOverdue!: number;

  @Field(() => MoneyType, { description: 'Principal overdue.' })
  overduePrincipal!: MoneyType;

  @Field(() => MoneyType, { description: 'Interest overdue.' })
  overdueInterest!: MoneyType;

  @Field(() => MoneyType, { description: 'Fees overdue.' })
  overdueFee!: MoneyType;
}

@ObjectType('Loan', { description: "A member's loan, from application to closing or write-off." })
export class LoanType {
  @Field(() => ID, { description: 'The loan id.' })
  id!: string;

  fundId!: string;
  productId!: string;
  currency!: string;

  @Field(() => ID, { description: 'The borrower.' })
  memberId!: string;

  @Field(() => ID, { nullable: true, description: 'Her group when she applied.' })
  groupId!: string | null;

  @Field(() => Int, { description: 'Her loan cycle: 1 for her first loan in the fund, 2 for the second... (fixed at disbursement).' })
  cycle!: number;

  @Field(() => MoneyType, { description: 'The principal.' })
  principal!: MoneyType;

  @Field(() => Int, { description: 'The term in months.' })
  termMonths!: number;

  @Field(() => LoanMethodEnum, { description: 'Its product’s method when she applied.' })
  method!: string;

  @Field(() => DecimalScalar, { description: 'Yearly interest rate in percent, as the product had it when she applied.' })
  annualRatePercent!: Decimal;

  @Field(() => DecimalScalar, { description: 'Service fee in percent, as the product had it when she applied.' })
  feePercent!: Decimal;

  @Field(() => FeeTimingEnum, { description: 'When the fee is paid.' })
  feeTiming!: string;

  @Field(() => RepaymentKindEnum, { description: 'Monthly or bullet.' })
  repayment!: string;

  @Field(() => String, { nullable: true, description: 'What it finances (a livelihood: beekeeping, dairy, kilim weaving...).' })
  purpose!: string | null;

  @Field(() => LoanStatusEnum, { description: 'Where it stands.' })
  status!: string;

  @Field(() => String, { description: 'The day she applied.' })
  appliedOn!: string;

  @Field(() => String, { nullable: true, description: 'The day it was first approved or rejected.' })
  decidedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The first decision’s note.' })
  decisionNote!: string | null;

  @Field(() => String, { nullable: true, description: 'The day it was paid out.' })
  disbursedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The day its last payment closed it.' })
  closedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The day it was written off.' })
  writtenOffOn!: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner whose credit line funds it (a bank linkage loan names the bank).' })
  fundingPartnerId!: string | null;

  @Field(() => Int, { description: 'How many times it was rescheduled.' })
  rescheduledCount!: number;

  @Field(() => Int, { description: 'Its current schedule version (0 before disbursement).' })
  scheduleVersion!: number;
}

export const LoanConnection = connectionType(LoanType, 'Loan');
