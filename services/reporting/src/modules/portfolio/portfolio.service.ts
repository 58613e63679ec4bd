import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { MoneyType } from '@funds/graphql-kit';
import { DEFINITIONS, IndicatorDefinitionValue, RATIO_DECIMALS } from './portfolio.definitions';
import type { PortfolioKey, PortfolioRow } from './portfolio.repository';
import {
  CountFigure,
  CurrencyPortfolio,
  DisbursedFigure,
  IndicatorDefinitionType,
  MemberFigures,
  MoneyFigure,
  Portfolio,
  PortfolioLevel,
  RatioFigure,
} from './portfolio.types';
import { NodeAncestry } from '../scope/node-scope';

/** A node's portfolio as computed, with the node's ancestry (for the scope check). */
export interface ComputedPortfolio {
  node: NodeAncestry;
  portfolio: Portfolio;
}

const definition = (d: IndicatorDefinitionValue) => Object.assign(new IndicatorDefinitionType(), d);
const money = (amount: Decimal.Value, currency: string) => MoneyType.of(new Dec(amount), currency);
const moneyFigure = (amount: Decimal.Value, currency: string, d: IndicatorDefinitionValue) =>
  Object.assign(new MoneyFigure(), { value: money(amount, currency), definition: definition(d) });
const countFigure = (value: number, d: IndicatorDefinitionValue) => Object.assign(new CountFigure(), { value, definition: definition(d) });

/** numerator / denominator, exact parts kept; the ratio to RATIO_DECIMALS places (half to even), null over zero. */
export function ratio(numerator: Decimal.Value, denominator: Decimal.Value): Decimal | null {
  const d = new Dec(denominator);
  if (d.isZero()) return null;
  return new Dec(numerator).div(d).toDecimalPlaces(RATIO_DECIMALS, Dec.ROUND_HALF_EVEN);
}

function ratioFigure(numerator: Decimal.Value, denominator: Decimal.Value, currency: string, d: IndicatorDefinitionValue): RatioFigure {
  return Object.assign(new RatioFigure(), {
    ratio: ratio(numerator, denominator),
    numerator: money(numerator, currency),
    denominator: money(denominator, currency),
    definition: definition(d),
  });
}

/**
 * Assembles each node's Portfolio from the rows of the one portfolio statement (portfolio.repository.ts):
 * per currency the loan, disbursement and savings figures (zeros where nothing moved), the
 * members, the day and the newest event. Ratios are computed here, exactly, from their parts.
 * A node the statement did not return (unknown to reporting, or outside the caller's scope) is null.
 */
export function assemblePortfolios(keys: readonly PortfolioKey[], rows: PortfolioRow[]): (ComputedPortfolio | null)[] {
  const byKey = new Map<number, PortfolioRow[]>();
  for (const row of rows) {
    const ord = Number(row.ord);
    const list = byKey.get(ord);
    if (list) list.push(row);
    else byKey.set(ord, [row]);
  }
  return keys.map(({ id, from }, i) => {
    const parts = byKey.get(i + 1) ?? [];
    const head = parts.find((r) => r.part === 'node');
    if (!head) return null;
    const asOf = head.v1!;
    const currencies = [...new Set(parts.filter((r) => r.currency !== null).map((r) => r.currency!))].sort();
    const of = (part: PortfolioRow['part'], currency: string | null) => parts.find((r) => r.part === part && r.currency === currency);
    const members = of('members', null);
    const portfolio = Object.assign(new Portfolio(), {
      nodeId: id,
      level: head.v3 as PortfolioLevel,
      periodFrom: from,
      asOf,
      asOfEvent: head.v2 === null ? null : new Date(Number(head.v2)),
      members: Object.assign(new MemberFigures(), {
        active: Number(members?.v1 ?? 0),
        women: Number(members?.v2 ?? 0),
        femaleHeadedHouseholds: Number(members?.v3 ?? 0),
        definition: definition(DEFINITIONS.members),
      }),
      currencies: currencies.map((currency) => {
        const loans = of('loans', currency);
        const disbursed = of('disbursed', currency);
        const savings = of('savings', currency);
        const glp = loans?.v1 ?? '0';
        const arrears = loans?.v4 ?? '0';
        return Object.assign(new CurrencyPortfolio(), {
          currency,
          grossLoanPortfolio: moneyFigure(glp, currency, DEFINITIONS.grossLoanPortfolio),
          par1: ratioFigure(loans?.v2 ?? '0', glp, currency, DEFINITIONS.par1),
          par30: ratioFigure(loans?.v3 ?? '0', glp, currency, DEFINITIONS.par30),
          arrears: moneyFigure(arrears, currency, DEFINITIONS.arrears),
          arrearsRate: ratioFigure(arrears, glp, currency, DEFINITIONS.arrearsRate),
          activeBorrowers: countFigure(Number(loans?.v5 ?? 0), DEFINITIONS.activeBorrowers),
          loansDisbursed: Object.assign(new DisbursedFigure(), {
            from,
            to: asOf,
            count: Number(disbursed?.v1 ?? 0),
            amount: money(disbursed?.v2 ?? '0', currency),
            definition: definition(DEFINITIONS.loansDisbursed),
          }),
          savingsBalance: moneyFigure(savings?.v1 ?? '0', currency, DEFINITIONS.savingsBalance),
        });
      }),
    });
    const node: NodeAncestry = {
      id,
      level: head.v3!,
      provinceId: head.v4!,
      countyId: head.v5,
      villageId: head.v6,
      fundId: head.v7,
      groupId: head.v8,
    };
    return { node, portfolio };
  });
}
