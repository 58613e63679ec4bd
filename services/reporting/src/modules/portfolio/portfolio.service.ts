import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { MoneyType } from '@funds/graphql-kit';
import { DEFINITIONS, IndicatorDefinitionValue, RATIO_DECIMALS } from './portfolio.definitions';
import type { PortfolioKey, ResolvedKey } from './portfolio.repository';
import type { CapitalSnapshotRow, CurrencySnapshotRow, NodeSnapshotRow } from './snapshot.repository';
import {
  CountFigure,
  CountRatioFigure,
  CurrencyPortfolio,
  DisbursedFigure,
  IndicatorDefinitionType,
  MemberFigures,
  MoneyFigure,
  PartnerCapitalFigure,
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

function countRatioFigure(numerator: number, denominator: number, d: IndicatorDefinitionValue): CountRatioFigure {
  return Object.assign(new CountRatioFigure(), { ratio: ratio(numerator, denominator), numerator, denominator, definition: definition(d) });
}

/** Profit over share-years: the ratio from the exact parts (profit x 365 / share-days); the share-years shown to 4 places. */
function returnOnSavings(profit: Decimal, shareDays: Decimal, currency: string): RatioFigure {
  return Object.assign(new RatioFigure(), {
    ratio: ratio(profit.times(365), shareDays),
    numerator: money(profit, currency),
    denominator: money(shareDays.div(365).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN), currency),
    definition: definition(DEFINITIONS.returnOnSavings),
  });
}

/**
 * Sets each of `figures` on `target` as a property computed when first read, then kept: a
 * dashboard asks its children for three figures of the twenty a currency has, and each one costs
 * decimal arithmetic (B1 spent about a sixth of reporting's CPU assembling figures nobody read).
 */
function lazily<T extends object>(target: T, figures: { [K in keyof T]?: () => T[K] }): T {
  for (const key of Object.keys(figures) as (keyof T & string)[]) {
    const make = figures[key]!;
    Object.defineProperty(target, key, {
      configurable: true,
      enumerable: true,
      get: () => {
        const value = make();
        Object.defineProperty(target, key, { value, enumerable: true, writable: true });
        return value;
      },
    });
  }
  return target;
}

/** `make`'s value, computed once when first asked for. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: make() }).v;
}

/** A snapshot's figures keyed by node and day. */
const at = (id: string, day: string) => `${id}|${day}`;

/**
 * Assembles each node's Portfolio from its snapshots (portfolio.repository.ts, snapshot.*): the
 * stocks of its day; the flows of its period, the day's less the day's before the period's first
 * (from the first event when there is no period); per currency (zeros where nothing moved), the
 * members, the day and the newest event. Ratios are computed here, exactly, from their parts. A
 * node the batch did not resolve (unknown to reporting, or outside the caller's scope) is null.
 */
export function assemblePortfolios(
  keys: readonly PortfolioKey[],
  resolved: readonly ResolvedKey[],
  snapshots: { nodes: NodeSnapshotRow[]; currencies: CurrencySnapshotRow[]; capital: CapitalSnapshotRow[] },
): (ComputedPortfolio | null)[] {
  const byOrd = new Map(resolved.map((r) => [Number(r.ord), r]));
  const nodes = new Map(snapshots.nodes.map((r) => [at(r.node_id, r.day), r]));
  const currencies = new Map<string, CurrencySnapshotRow[]>();
  for (const row of snapshots.currencies) {
    const key = at(row.node_id, row.day);
    currencies.set(key, [...(currencies.get(key) ?? []), row]);
  }
  const capital = new Map<string, CapitalSnapshotRow[]>();
  for (const row of snapshots.capital) {
    const key = at(row.node_id, row.day);
    capital.set(key, [...(capital.get(key) ?? []), row]);
  }
  return keys.map(({ id, from }, i) => {
    const head = byOrd.get(i + 1);
    const day = head && nodes.get(at(id, head.as_of));
    if (!head || !day) return null;
    const asOf = head.as_of;
    const before = head.before_day === null ? null : nodes.get(at(id, head.before_day));
    const beforeCurrencies = head.before_day === null ? [] : (currencies.get(at(id, head.before_day)) ?? []);
    const flow = (row: CurrencySnapshotRow, column: keyof CurrencySnapshotRow) => {
      const earlier = beforeCurrencies.find((r) => r.currency === row.currency);
      return new Dec(String(row[column])).minus(earlier ? String(earlier[column]) : 0);
    };
    const startMembers = before?.members ?? 0;
    const exited = day.exited_through - (before?.exited_through ?? 0);
    const portfolio = Object.assign(new Portfolio(), {
      nodeId: id,
      level: head.level as PortfolioLevel,
      periodFrom: from,
      asOf,
      asOfEvent: head.as_of_event === null ? null : new Date(Number(head.as_of_event)),
      members: Object.assign(new MemberFigures(), {
        active: day.members,
        women: day.women,
        femaleHeadedHouseholds: day.female_headed,
        withDisability: day.disabled,
        referredByPartner: day.referred,
        dropOutRate: countRatioFigure(from === null ? 0 : exited, from === null ? 0 : startMembers, DEFINITIONS.dropOutRate),
        definition: definition(DEFINITIONS.members),
      }),
      currencies: (currencies.get(at(id, asOf)) ?? []).map((row) => {
        const currency = row.currency;
        const glp = row.gross_loan_portfolio;
        const fallenDue = once(() => flow(row, 'fallen_due'));
        const totalAssets = once(() =>
          new Dec(row.savings)
            .plus(row.shares)
            .plus(row.social_fund)
            .plus(row.partner_capital)
            .plus(row.income)
            .plus(row.upfront_fees)
            .minus(row.written_off)
            .minus(row.profit_shared),
        );
        return lazily(Object.assign(new CurrencyPortfolio(), { currency }), {
          grossLoanPortfolio: () => moneyFigure(glp, currency, DEFINITIONS.grossLoanPortfolio),
          par1: () => ratioFigure(row.at_risk_1, glp, currency, DEFINITIONS.par1),
          par30: () => ratioFigure(row.at_risk_30, glp, currency, DEFINITIONS.par30),
          arrears: () => moneyFigure(row.overdue, currency, DEFINITIONS.arrears),
          arrearsRate: () => ratioFigure(row.overdue, glp, currency, DEFINITIONS.arrearsRate),
          activeBorrowers: () => countFigure(row.active_borrowers, DEFINITIONS.activeBorrowers),
          loansDisbursed: () =>
            Object.assign(new DisbursedFigure(), {
              from,
              to: asOf,
              count: flow(row, 'disbursed_count').toNumber(),
              amount: money(flow(row, 'disbursed'), currency),
              definition: definition(DEFINITIONS.loansDisbursed),
            }),
          savingsBalance: () => moneyFigure(row.savings, currency, DEFINITIONS.savingsBalance),
          sharesBalance: () => moneyFigure(row.shares, currency, DEFINITIONS.sharesBalance),
          socialFund: () => moneyFigure(row.social_fund, currency, DEFINITIONS.socialFund),
          savingsMobilised: () => moneyFigure(flow(row, 'deposited'), currency, DEFINITIONS.savingsMobilised),
          onTimeRepaymentRate: () => ratioFigure(flow(row, 'paid_on_time'), fallenDue(), currency, DEFINITIONS.onTimeRepaymentRate),
          collectionRate: () => ratioFigure(flow(row, 'collected'), fallenDue(), currency, DEFINITIONS.collectionRate),
          partnerCapital: () => moneyFigure(row.partner_capital, currency, DEFINITIONS.partnerCapital),
          partnerCapitalByPartner: () =>
            (capital.get(at(id, asOf)) ?? [])
              .filter((c) => c.currency === currency)
              .map((c) =>
                Object.assign(new PartnerCapitalFigure(), { partnerId: c.partner_id, kind: c.kind, amount: money(c.amount, currency) }),
              ),
          totalAssets: () => moneyFigure(totalAssets(), currency, DEFINITIONS.totalAssets),
          loanFundUtilisation: () => ratioFigure(glp, totalAssets(), currency, DEFINITIONS.loanFundUtilisation),
          returnOnSavings: () => returnOnSavings(flow(row, 'profit_shared'), flow(row, 'share_days'), currency),
        });
      }),
    });
    const node: NodeAncestry = {
      id,
      level: head.level,
      provinceId: head.province_id,
      countyId: head.county_id,
      villageId: head.village_id,
      fundId: head.fund_id,
      groupId: head.group_id,
    };
    return { node, portfolio };
  });
}
