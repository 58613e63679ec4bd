import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MoneyType } from '@funds/graphql-kit';
import type { CapitalCode } from './capital.repository';

export enum CapitalKind {
  GRANT = 'GRANT',
  TRUST = 'TRUST',
  CREDIT_LINE = 'CREDIT_LINE',
}

registerEnumType(CapitalKind, {
  name: 'CapitalKind',
  description: 'The terms of a partner’s capital.',
  valuesConfig: {
    GRANT: { description: "A grant: the fund's own equity, never repaid (receiveGrant)." },
    TRUST: { description: 'Trust capital: placed with the fund, returnable to the partner (receiveTrustCapital, repayTrustCapital).' },
    CREDIT_LINE: { description: "A bank's linkage credit line: drawn and repaid (drawCreditLine, repayCreditLine)." },
  },
});

export const KIND_OF_CODE: Record<CapitalCode, CapitalKind> = {
  GRANTS: CapitalKind.GRANT,
  TRUST_CAPITAL: CapitalKind.TRUST,
  CREDIT_LINE: CapitalKind.CREDIT_LINE,
};

/** The partner, as savings-loan extends it (membership owns it). */
@ObjectType('Partner', {
  description: 'An organisation that supports funds (owned by membership); savings-loan adds its capital in the funds.',
})
@Directive('@key(fields: "id")')
export class PartnerCapitalEntity {
  @Field(() => ID, { description: 'The partner id.' })
  id!: string;
}

const LENT_OUT =
  'How much of it is lent out now. Loans funded by a named partner (the partner the loan’s disbursement names) count fully for that partner, up to its capital in the fund (split between its kinds in proportion to their balances). The rest of the outstanding loan portfolio is attributed to every source of the fund’s lendable money - members’ savings, members’ shares, each partner’s grants, trust capital and credit lines, and earnings kept (retained earnings and income less expenses) - in proportion to its balance not already counted; the social fund is not lent. Each split is exact to the minor unit with Money.allocate’s remainder rule, so the parts add up to the portfolio.';

@ObjectType('PartnerCapital', { description: "One partner's capital of one kind in one fund." })
export class PartnerCapitalType {
  @Field(() => ID, { description: 'The partner.' })
  partnerId!: string;

  @Field(() => PartnerCapitalEntity, { description: 'The partner (its name and kind from membership).' })
  partner!: PartnerCapitalEntity;

  @Field(() => CapitalKind, { description: 'Grant, trust capital or credit line.' })
  kind!: CapitalKind;

  @Field(() => MoneyType, { description: 'Received (drawn, for a credit line), reversals deducted.' })
  received!: MoneyType;

  @Field(() => MoneyType, { description: 'Repaid to the partner (zero for a grant), reversals deducted.' })
  repaid!: MoneyType;

  @Field(() => MoneyType, { description: 'Outstanding: owed to the partner (held, for a grant): received less repaid.' })
  outstanding!: MoneyType;

  @Field(() => MoneyType, { description: LENT_OUT })
  lentOut!: MoneyType;
}

@ObjectType('PartnerCapitalTotal', {
  description: "A partner's capital of one kind in one currency, added up over funds (never across currencies).",
})
export class PartnerCapitalTotalType {
  @Field(() => CapitalKind, { description: 'Grant, trust capital or credit line.' })
  kind!: CapitalKind;

  @Field(() => String, { description: 'The currency (ISO 4217) of these funds.' })
  currency!: string;

  @Field(() => Int, { description: 'How many funds hold this capital.' })
  funds!: number;

  @Field(() => MoneyType, { description: 'Received, over these funds.' })
  received!: MoneyType;

  @Field(() => MoneyType, { description: 'Repaid, over these funds.' })
  repaid!: MoneyType;

  @Field(() => MoneyType, { description: 'Outstanding, over these funds.' })
  outstanding!: MoneyType;

  @Field(() => MoneyType, { description: 'Lent out, over these funds (each fund’s as `PartnerCapital.lentOut` says).' })
  lentOut!: MoneyType;
}
