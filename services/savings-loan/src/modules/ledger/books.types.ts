import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MoneyType, ReferenceResolvers, connectionType } from '@funds/graphql-kit';
import { ACCOUNT_CODES, AccountCode, AccountKind, CHART } from './chart';
import { EntryKind } from './ledger.enums';
import type { SavingsLoanContext } from '../../context';

export const AccountCodeEnum = Object.fromEntries(ACCOUNT_CODES.map((c) => [c, c])) as Record<AccountCode, AccountCode>;
registerEnumType(AccountCodeEnum, {
  name: 'AccountCode',
  description: "An account of a fund's chart of accounts.",
  valuesConfig: Object.fromEntries(ACCOUNT_CODES.map((c) => [c, { description: CHART[c].description }])),
});
export const AccountKindEnum = { ASSET: 'ASSET', LIABILITY: 'LIABILITY', EQUITY: 'EQUITY', INCOME: 'INCOME', EXPENSE: 'EXPENSE' } as const;
registerEnumType(AccountKindEnum, {
  name: 'AccountKind',
  description:
    'Where an account stands in the accounts: what the fund has (asset), owes (liability), owns (equity), earns (income) or loses (expense).',
});

/** The fund, as savings-loan extends it (membership owns it). */
@ObjectType('Fund', { description: 'A fund (owned by membership); savings-loan adds its books.' })
@Directive('@key(fields: "id")')
export class FundBooksEntity {
  @Field(() => ID, { description: 'The fund id.' })
  id!: string;
}

@ObjectType('Group', { description: 'A group of a fund (owned by membership); savings-loan adds its members’ balances.' })
@Directive('@key(fields: "id")')
export class GroupBooksEntity {
  @Field(() => ID, { description: 'The group id.' })
  id!: string;
}

@ObjectType('Member', { description: 'A member (owned by membership); savings-loan adds her accounts and loans.' })
@Directive('@key(fields: "id")')
export class MemberBooksEntity {
  @Field(() => ID, { description: 'The member id.' })
  id!: string;
}

/** Entity references: the gateway asks only for what membership let it see; the books answer for it (scope is checked on every field). */
export function booksReferenceResolvers(): ReferenceResolvers {
  const ref =
    <T extends { id: string }>(cls: new () => T) =>
    (reference: { id: string }, _ctx: SavingsLoanContext) =>
      Object.assign(new cls(), { id: reference.id });
  return {
    Fund: { __resolveReference: ref(FundBooksEntity) },
    Group: { __resolveReference: ref(GroupBooksEntity) },
    Member: { __resolveReference: ref(MemberBooksEntity) },
  };
}

@ObjectType('LedgerAccount', { description: "One account of a fund's books." })
export class LedgerAccount {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  @Field(() => AccountCodeEnum, { description: 'Which account of the chart.' })
  code!: AccountCode;

  @Field(() => AccountKindEnum, { description: 'Asset, liability, equity, income or expense.' })
  kind!: AccountKind;

  @Field(() => String, { description: 'What the account holds.' })
  description!: string;

  @Field(() => ID, { nullable: true, description: "The member whose account it is (her savings or shares); null for the fund's own." })
  memberId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The loan whose receivable it is.' })
  loanId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner whose capital it holds (grant, trust capital, credit line).' })
  partnerId!: string | null;

  @Field(() => MoneyType, {
    description: 'Its balance on its normal side (a positive amount is normal: cash held, savings owed, income earned).',
  })
  balance!: MoneyType;
}

@ObjectType('Posting', { description: 'One line of a journal entry: an amount debited or credited to an account.' })
export class PostingType {
  @Field(() => LedgerAccount, { description: 'The account.' })
  account!: LedgerAccount;

  @Field(() => MoneyType, { nullable: true, description: 'The amount debited (null when credited).' })
  debit!: MoneyType | null;

  @Field(() => MoneyType, { nullable: true, description: 'The amount credited (null when debited).' })
  credit!: MoneyType | null;
}

@ObjectType('JournalEntry', {
  description:
    'A money event of one fund: two or more postings whose debits equal their credits. Entries are never changed or deleted; a mistake is corrected by a reversal entry that names it.',
})
export class JournalEntryType {
  @Field(() => ID, { description: 'The entry id.' })
  id!: string;

  fundId!: string;

  @Field(() => EntryKind, { description: 'What it records.' })
  kind!: EntryKind;

  @Field(() => String, { description: 'The business day it happened (YYYY-MM-DD).' })
  valueDate!: string;

  @Field(() => String, { description: 'Its currency (the fund’s).' })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'A note the recorder gave.' })
  memo!: string | null;

  @Field(() => ID, { nullable: true, description: 'The member it concerns, if any.' })
  memberId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The loan it concerns, if any.' })
  loanId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner it concerns, if any.' })
  partnerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The meeting (collection sheet) it was recorded in, if any.' })
  meetingId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The entry this one reverses.' })
  reversesId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The entry that reversed this one, if it was reversed.' })
  reversedById!: string | null;

  @Field(() => Date, { description: 'When it was recorded.' })
  recordedAt!: Date;

  seq!: number;
}

export const JournalEntryConnection = connectionType(JournalEntryType, 'JournalEntry');

@ObjectType('StatementLine', { description: "One movement of an account, with the account's balance after it (in value-date order)." })
export class StatementLineType {
  @Field(() => ID, { description: 'The journal entry.' })
  entryId!: string;

  @Field(() => EntryKind, { description: 'What the entry records.' })
  kind!: EntryKind;

  @Field(() => String, { description: 'The business day (YYYY-MM-DD).' })
  valueDate!: string;

  @Field(() => MoneyType, {
    description: 'The movement on the normal side: positive when it adds to the balance (a deposit), negative when it takes from it.',
  })
  amount!: MoneyType;

  @Field(() => MoneyType, { description: 'The balance after this movement.' })
  balance!: MoneyType;

  @Field(() => String, { nullable: true, description: 'The entry’s note.' })
  memo!: string | null;

  postingId!: number;
}

export const StatementLineConnection = connectionType(StatementLineType, 'StatementLine');

@ObjectType('AccountStatement', { description: "An account's movements over a period with running balances." })
export class AccountStatement {
  @Field(() => AccountCodeEnum, { description: 'Which account.' })
  code!: AccountCode;

  @Field(() => MoneyType, { description: 'The balance at the start of the period (before `from`).' })
  openingBalance!: MoneyType;

  @Field(() => MoneyType, { description: 'The balance at the end of the period (`to`).' })
  closingBalance!: MoneyType;

  @Field(() => [StatementLineType], {
    description: 'Every movement in the period, oldest first (at most 1,000; narrow the period for more).',
  })
  lines!: StatementLineType[];
}

@ObjectType('MemberAccounts', { description: "A member's savings and shares in her fund." })
export class MemberAccounts {
  memberId!: string;
  fundId!: string;

  @Field(() => MoneyType, { description: 'Her savings balance.' })
  savings!: MoneyType;

  @Field(() => MoneyType, { description: 'The value of her shares (savings groups).' })
  shares!: MoneyType;

  @Field(() => MoneyType, { description: 'Savings held back as guarantee for her loans (not withdrawable).' })
  heldAsGuarantee!: MoneyType;

  @Field(() => MoneyType, { description: 'Savings she may withdraw now: savings less what is held as guarantee.' })
  available!: MoneyType;
}

@ObjectType('AccountTotal', { description: "One account code's total in a fund's statements." })
export class AccountTotal {
  @Field(() => AccountCodeEnum, { description: 'Which account (members’ or partners’ accounts of one code are added up).' })
  code!: AccountCode;

  @Field(() => AccountKindEnum, { description: 'Its kind.' })
  kind!: AccountKind;

  @Field(() => Int, { description: 'How many accounts of this code are added up.' })
  accounts!: number;

  @Field(() => MoneyType, { description: 'Debit balances (assets, expenses) as positive amounts; zero for credit balances.' })
  debit!: MoneyType;

  @Field(() => MoneyType, { description: 'Credit balances (liabilities, equity, income) as positive amounts; zero for debit balances.' })
  credit!: MoneyType;

  @Field(() => MoneyType, { description: 'The balance on the normal side of its kind.' })
  balance!: MoneyType;
}

@ObjectType('TrialBalance', { description: 'Every account code’s balance at a date; debits equal credits.' })
export class TrialBalance {
  @Field(() => String, { description: 'The day (YYYY-MM-DD), end of day.' })
  asOf!: string;

  @Field(() => [AccountTotal], { description: 'One line per account code that has postings.' })
  lines!: AccountTotal[];

  @Field(() => MoneyType, { description: 'Sum of debit balances.' })
  totalDebits!: MoneyType;

  @Field(() => MoneyType, { description: 'Sum of credit balances (equal to the debits).' })
  totalCredits!: MoneyType;
}

@ObjectType('BalanceSheet', { description: 'What the fund has, owes and owns at a date: assets = liabilities + equity.' })
export class BalanceSheet {
  @Field(() => String, { description: 'The day (YYYY-MM-DD), end of day.' })
  asOf!: string;

  @Field(() => [AccountTotal], { description: 'Assets: cash and loans receivable.' })
  assets!: AccountTotal[];

  @Field(() => [AccountTotal], { description: 'Liabilities: members’ savings, the social fund, trust capital, credit lines.' })
  liabilities!: AccountTotal[];

  @Field(() => [AccountTotal], { description: 'Equity: shares, grants, retained earnings.' })
  equity!: AccountTotal[];

  @Field(() => MoneyType, { description: 'Income less expenses not yet carried to retained earnings.' })
  currentEarnings!: MoneyType;

  @Field(() => MoneyType, { description: 'Total assets.' })
  totalAssets!: MoneyType;

  @Field(() => MoneyType, { description: 'Total liabilities.' })
  totalLiabilities!: MoneyType;

  @Field(() => MoneyType, { description: 'Total equity, current earnings included (so assets = liabilities + equity).' })
  totalEquity!: MoneyType;
}

@ObjectType('IncomeStatement', { description: 'What the fund earned and lost over a period.' })
export class IncomeStatement {
  @Field(() => String, { description: 'First day (YYYY-MM-DD).' })
  from!: string;

  @Field(() => String, { description: 'Last day (YYYY-MM-DD).' })
  to!: string;

  @Field(() => [AccountTotal], { description: 'Income: fees and interest.' })
  income!: AccountTotal[];

  @Field(() => [AccountTotal], { description: 'Expenses: write-offs.' })
  expenses!: AccountTotal[];

  @Field(() => MoneyType, { description: 'Net income: income less expenses.' })
  netIncome!: MoneyType;
}

@ObjectType('FundBooks', { description: "A fund's books: its balances and statements, in its currency." })
export class FundBooks {
  fundId!: string;
  countryCode!: string;

  @Field(() => String, { description: 'The currency the fund keeps books in (ISO 4217).' })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'The last day of the last closed month: entries dated on or before it are refused.' })
  closedThrough!: string | null;
}

@ObjectType('GroupBooks', { description: "A group's members' balances, added up." })
export class GroupBooks {
  @Field(() => MoneyType, { description: 'Savings of the group’s members.' })
  savings!: MoneyType;

  @Field(() => MoneyType, { description: 'Shares of the group’s members.' })
  shares!: MoneyType;
}

export function money(amount: Decimal.Value, currency: string): MoneyType {
  return MoneyType.of(new Dec(amount), currency);
}
