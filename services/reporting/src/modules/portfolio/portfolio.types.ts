import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { MoneyType } from '@funds/graphql-kit';

/** The levels a portfolio is asked for. */
export type PortfolioLevel = 'PROVINCE' | 'COUNTY' | 'VILLAGE' | 'FUND' | 'GROUP';

@ObjectType('IndicatorDefinition', { description: 'The definition an indicator was computed by: its name, version and meaning.' })
export class IndicatorDefinitionType {
  @Field(() => String, { description: 'The indicator (GROSS_LOAN_PORTFOLIO, PAR1, PAR30, ...).' })
  name!: string;

  @Field(() => Int, { description: "The definition's version: a change of meaning is a new version." })
  version!: number;

  @Field(() => String, { description: 'What the figure counts, exactly.' })
  description!: string;
}

@ObjectType('MoneyFigure', { description: 'An amount indicator, with its definition.' })
export class MoneyFigure {
  @Field(() => MoneyType, { description: 'The amount, exact.' })
  value!: MoneyType;

  @Field(() => IndicatorDefinitionType, { description: 'How it is computed.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('RatioFigure', {
  description: 'A ratio indicator: an exact decimal (never a float) with the two amounts it divides, and its definition.',
})
export class RatioFigure {
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'numerator / denominator to 10 decimal places (rounded half to even); null when the denominator is zero.',
  })
  ratio!: Decimal | null;

  @Field(() => MoneyType, { description: 'The amount divided (e.g. the principal at risk).' })
  numerator!: MoneyType;

  @Field(() => MoneyType, { description: 'The amount it is divided by (the gross loan portfolio).' })
  denominator!: MoneyType;

  @Field(() => IndicatorDefinitionType, { description: 'How it is computed.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('CountRatioFigure', {
  description: 'A ratio of two counts (e.g. members who left / members at the start): an exact decimal with its parts, and its definition.',
})
export class CountRatioFigure {
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'numerator / denominator to 10 decimal places (rounded half to even); null when the denominator is zero.',
  })
  ratio!: Decimal | null;

  @Field(() => Int, { description: 'The count divided.' })
  numerator!: number;

  @Field(() => Int, { description: 'The count it is divided by.' })
  denominator!: number;

  @Field(() => IndicatorDefinitionType, { description: 'How it is computed.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('PartnerCapitalFigure', { description: "A partner's capital of one kind outstanding under a node, at the end of the day." })
export class PartnerCapitalFigure {
  @Field(() => ID, { description: 'The partner (membership’s Partner id).' })
  partnerId!: string;

  @Field(() => String, { description: 'GRANT (the funds’ own), TRUST_CAPITAL (returnable) or CREDIT_LINE (a bank’s linkage loan).' })
  kind!: string;

  @Field(() => MoneyType, { description: 'Received less returned, up to the day.' })
  amount!: MoneyType;
}

@ObjectType('CountFigure', { description: 'A count indicator, with its definition.' })
export class CountFigure {
  @Field(() => Int, { description: 'The count.' })
  value!: number;

  @Field(() => IndicatorDefinitionType, { description: 'How it is counted.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('DisbursedFigure', { description: 'Loans paid out in a period: how many and how much, with the definition.' })
export class DisbursedFigure {
  @Field(() => String, { nullable: true, description: "The period's first day (YYYY-MM-DD); null: from the first loan." })
  from!: string | null;

  @Field(() => String, { description: "The period's last day (YYYY-MM-DD): the portfolio's day." })
  to!: string;

  @Field(() => Int, { description: 'Loans paid out in the period.' })
  count!: number;

  @Field(() => MoneyType, { description: 'Their principal.' })
  amount!: MoneyType;

  @Field(() => IndicatorDefinitionType, { description: 'How it is counted.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('CurrencyPortfolio', {
  description: "A node's loan and savings indicators in one currency (amounts of different currencies are never added together).",
})
export class CurrencyPortfolio {
  @Field(() => String, { description: 'ISO 4217 currency code of the funds counted here.' })
  currency!: string;

  @Field(() => MoneyFigure, { description: 'Gross loan portfolio: outstanding principal of loans not written off.' })
  grossLoanPortfolio!: MoneyFigure;

  @Field(() => RatioFigure, { description: 'PAR1: principal of loans more than 1 day past due / gross loan portfolio.' })
  par1!: RatioFigure;

  @Field(() => RatioFigure, { description: 'PAR30: principal of loans more than 30 days past due / gross loan portfolio.' })
  par30!: RatioFigure;

  @Field(() => MoneyFigure, { description: 'Arrears: overdue principal.' })
  arrears!: MoneyFigure;

  @Field(() => RatioFigure, { description: 'Arrears rate: overdue principal / gross loan portfolio.' })
  arrearsRate!: RatioFigure;

  @Field(() => CountFigure, { description: 'Active borrowers: members with principal outstanding.' })
  activeBorrowers!: CountFigure;

  @Field(() => DisbursedFigure, { description: 'Loans paid out in the period asked for.' })
  loansDisbursed!: DisbursedFigure;

  @Field(() => MoneyFigure, { description: "Members' savings balance." })
  savingsBalance!: MoneyFigure;

  @Field(() => MoneyFigure, { description: "Members' shares at their value (savings groups keep their savings as shares)." })
  sharesBalance!: MoneyFigure;

  @Field(() => MoneyFigure, { description: 'The social fund: contributions less payouts.' })
  socialFund!: MoneyFigure;

  @Field(() => MoneyFigure, { description: 'Savings mobilised: savings deposited in the period asked for.' })
  savingsMobilised!: MoneyFigure;

  @Field(() => RatioFigure, {
    description:
      'On-time repayment rate: of the amount that fell due in the period, the part paid by its due date / the amount that fell due.',
  })
  onTimeRepaymentRate!: RatioFigure;

  @Field(() => RatioFigure, { description: 'Collection rate: all repayments received in the period / the amount that fell due in it.' })
  collectionRate!: RatioFigure;

  @Field(() => MoneyFigure, { description: "Partners' capital outstanding (grants, trust capital and credit lines)." })
  partnerCapital!: MoneyFigure;

  @Field(() => [PartnerCapitalFigure], { description: "Partners' capital by partner and kind (the parts of partnerCapital)." })
  partnerCapitalByPartner!: PartnerCapitalFigure[];

  @Field(() => MoneyFigure, { description: 'Total assets of the funds: what their books owe and own, from the events of the books.' })
  totalAssets!: MoneyFigure;

  @Field(() => RatioFigure, { description: 'Loan fund utilisation: loans outstanding (gross loan portfolio) / total assets.' })
  loanFundUtilisation!: RatioFigure;

  @Field(() => RatioFigure, {
    description:
      "Return on savings (savings groups): profit shared out in the period's cycles / the shares held over them in years (an annual rate).",
  })
  returnOnSavings!: RatioFigure;
}

@ObjectType('MemberFigures', { description: "A node's members at the end of the day, with the definition." })
export class MemberFigures {
  @Field(() => Int, { description: 'Memberships open on the day.' })
  active!: number;

  @Field(() => Int, { description: 'Of them, women.' })
  women!: number;

  @Field(() => Int, { description: 'Of them, members who head their household.' })
  femaleHeadedHouseholds!: number;

  @Field(() => Int, { description: 'Of them, members with a disability.' })
  withDisability!: number;

  @Field(() => Int, { description: 'Of them, members referred by a partner (e.g. the Welfare Organization).' })
  referredByPartner!: number;

  @Field(() => CountRatioFigure, {
    description: 'Drop-out rate: memberships ended in the period asked for / memberships open at its start (null ratio without a period).',
  })
  dropOutRate!: CountRatioFigure;

  @Field(() => IndicatorDefinitionType, { description: 'How they are counted.' })
  definition!: IndicatorDefinitionType;
}

@ObjectType('Portfolio', {
  description:
    "A node's portfolio indicators at the end of a day (DESIGN.md section 5), from reporting's read models: each figure names its definition and version.",
})
export class Portfolio {
  /** The node, its level and the disbursement period's first day: what its children and series are asked with. */
  nodeId!: string;
  level!: PortfolioLevel;
  periodFrom!: string | null;

  @Field(() => String, { description: 'The day (YYYY-MM-DD), end of day; today in the node’s country unless asked for.' })
  asOf!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'The time of the newest event (of membership or the books) applied to this node or under it: the answer reflects everything up to it. Null when none has been.',
  })
  asOfEvent!: Date | null;

  @Field(() => MemberFigures, { description: 'Members.' })
  members!: MemberFigures;

  @Field(() => [CurrencyPortfolio], { description: 'Loan and savings indicators, one entry per currency of the funds under the node.' })
  currencies!: CurrencyPortfolio[];
}

@ObjectType('ReportingNode', { description: 'A node of the hierarchy as reporting knows it (from membership’s events).' })
export class ReportingNode {
  @Field(() => ID, { description: 'The node id (a province, county, village, fund or group).' })
  id!: string;

  @Field(() => String, { description: 'Its name.' })
  name!: string;

  @Field(() => String, { description: 'Its level: PROVINCE, COUNTY, VILLAGE, FUND or GROUP.' })
  level!: string;
}

@ObjectType('PortfolioChild', {
  description: "One child of a node (a province's counties, a fund's groups...) with its portfolio on the same day.",
})
export class PortfolioChild {
  @Field(() => ReportingNode, { description: 'The child.' })
  node!: ReportingNode;

  @Field(() => Portfolio, { nullable: true, description: "Its portfolio on the parent's day and period; null outside the caller's scope." })
  portfolio!: Portfolio | null;
}

export enum ChildRanking {
  PAR30 = 'PAR30',
  PAR1 = 'PAR1',
  ARREARS_RATE = 'ARREARS_RATE',
  GROSS_LOAN_PORTFOLIO = 'GROSS_LOAN_PORTFOLIO',
  ARREARS = 'ARREARS',
  SAVINGS_BALANCE = 'SAVINGS_BALANCE',
  LOANS_DISBURSED = 'LOANS_DISBURSED',
  ACTIVE_BORROWERS = 'ACTIVE_BORROWERS',
  ACTIVE_MEMBERS = 'ACTIVE_MEMBERS',
}
registerEnumType(ChildRanking, {
  name: 'ChildRanking',
  description: "The indicator a node's children are ranked by (topChildren), in one currency for money figures and ratios.",
  valuesConfig: {
    PAR30: { description: 'Portfolio at risk over 30 days (a child with no loans outstanding ranks last).' },
    PAR1: { description: 'Portfolio at risk over 1 day (a child with no loans outstanding ranks last).' },
    ARREARS_RATE: { description: 'Arrears over the gross loan portfolio (a child with no loans outstanding ranks last).' },
    GROSS_LOAN_PORTFOLIO: { description: 'Gross loan portfolio.' },
    ARREARS: { description: 'Principal overdue.' },
    SAVINGS_BALANCE: { description: 'Savings balance.' },
    LOANS_DISBURSED: { description: 'Principal paid out in the period.' },
    ACTIVE_BORROWERS: { description: 'Members with a loan outstanding.' },
    ACTIVE_MEMBERS: { description: 'Open memberships.' },
  },
});

export enum RankingOrder {
  DESC = 'DESC',
  ASC = 'ASC',
}
registerEnumType(RankingOrder, {
  name: 'RankingOrder',
  description: 'Highest first or lowest first.',
  valuesConfig: { DESC: { description: 'Highest first (the top N).' }, ASC: { description: 'Lowest first (the bottom N).' } },
});

export enum SeriesPeriod {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  HALF_YEAR = 'HALF_YEAR',
}
registerEnumType(SeriesPeriod, {
  name: 'SeriesPeriod',
  description:
    "How long a series' periods are, in the node's calendar, its year starting at Nowruz for Iranian nodes and on 1 January for Vietnamese ones.",
  valuesConfig: {
    MONTH: { description: 'Months (labels YYYY-MM).' },
    QUARTER: { description: 'Quarters of three months (labels YYYY-Q1 to YYYY-Q4; 1405-Q1 is Farvardin to Khordad 1405).' },
    HALF_YEAR: { description: 'Half-years of six months (labels YYYY-H1, YYYY-H2; 1405-H2 is Mehr to Esfand 1405).' },
  },
});

export enum CalendarKind {
  GREGORIAN = 'GREGORIAN',
  SOLAR_HIJRI = 'SOLAR_HIJRI',
}
registerEnumType(CalendarKind, {
  name: 'Calendar',
  description: 'The calendar a node reports in.',
  valuesConfig: {
    GREGORIAN: { description: 'The Gregorian calendar (Vietnam).' },
    SOLAR_HIJRI: { description: 'The Solar Hijri calendar, the year starting at Nowruz (Iran).' },
  },
});

@ObjectType('PortfolioPeriod', { description: "One month of a node's calendar, with the portfolio at its end." })
export class PortfolioPeriod {
  @Field(() => String, {
    description:
      'The period in the node’s calendar: YYYY-MM for a month (1405-01 is Farvardin 1405), YYYY-Q1..Q4 for a quarter, YYYY-H1..H2 for a half-year.',
  })
  label!: string;

  @Field(() => String, { description: 'First day, Gregorian (YYYY-MM-DD).' })
  start!: string;

  @Field(() => String, { description: 'Last day, Gregorian (YYYY-MM-DD).' })
  end!: string;

  @Field(() => String, { description: 'First day in the node’s calendar (YYYY-MM-DD).' })
  localStart!: string;

  @Field(() => String, { description: 'Last day in the node’s calendar (YYYY-MM-DD).' })
  localEnd!: string;

  @Field(() => Portfolio, {
    description: 'The portfolio at the end of the period (at `to` for a period not over), loans disbursed counted over the period.',
  })
  portfolio!: Portfolio;
}

@ObjectType('PortfolioSeries', {
  description: "A node's portfolio period by period (months, quarters or half-years), in the calendar its country reports in.",
})
export class PortfolioSeries {
  @Field(() => CalendarKind, { description: 'Solar Hijri for Iranian nodes, Gregorian for Vietnamese ones.' })
  calendar!: CalendarKind;

  @Field(() => [PortfolioPeriod], { description: 'The periods holding a day of the range asked for, oldest first.' })
  periods!: PortfolioPeriod[];
}
