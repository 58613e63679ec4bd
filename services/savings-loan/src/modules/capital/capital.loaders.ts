import { groupByKeys } from '@funds/graphql-kit';
import { Dec } from '@funds/money';
import type { SavingsLoanContext } from '../../context';
import { money } from '../ledger/books.types';
import { CapitalPosition, CapitalService } from './capital.service';
import { KIND_OF_CODE, PartnerCapitalEntity, PartnerCapitalTotalType, PartnerCapitalType } from './capital.types';

export function toCapitalType(c: CapitalPosition): PartnerCapitalType {
  return Object.assign(new PartnerCapitalType(), {
    partnerId: c.partnerId,
    partner: Object.assign(new PartnerCapitalEntity(), { id: c.partnerId }),
    kind: KIND_OF_CODE[c.code],
    received: money(c.received, c.currency),
    repaid: money(c.repaid, c.currency),
    outstanding: money(c.outstanding, c.currency),
    lentOut: money(c.lentOut, c.currency),
  });
}

/** Partners' capital per fund: one set of statements for all the funds of a request. */
export const fundCapitalLoader = (ctx: SavingsLoanContext, capital: CapitalService) =>
  ctx.loaders.get<string, PartnerCapitalType[]>('fundCapital', (fundIds) =>
    ctx.db.read(async (em) => {
      const positions = await capital.positions(em, fundIds);
      return groupByKeys(fundIds, positions, (p) => p.fundId).map((list) => list.map(toCapitalType));
    }),
  );

/** A partner's capital in the funds the caller sees (under `nodeId` when given), added up: per partner and node asked. */
export const partnerCapitalLoader = (ctx: SavingsLoanContext, capital: CapitalService, nodeId: string | null) =>
  ctx.loaders.get<string, PartnerCapitalTotalType[]>(`partnerCapital|${nodeId ?? ''}`, (partnerIds) =>
    ctx.db.read(async (em) => {
      const positions = await capital.partnersPositions(em, partnerIds, nodeId);
      return partnerIds.map((id) => totalsOf(positions.get(id) ?? []));
    }),
  );

/** Positions added up per kind and currency (never across currencies). */
export function totalsOf(positions: CapitalPosition[]): PartnerCapitalTotalType[] {
  const byKey = new Map<string, PartnerCapitalTotalType & { fundIds: Set<string> }>();
  for (const p of positions) {
    const kind = KIND_OF_CODE[p.code];
    const key = `${p.currency}|${kind}`;
    const zero = () => money(new Dec(0), p.currency);
    const total =
      byKey.get(key) ??
      Object.assign(new PartnerCapitalTotalType(), {
        kind,
        currency: p.currency,
        funds: 0,
        received: zero(),
        repaid: zero(),
        outstanding: zero(),
        lentOut: zero(),
        fundIds: new Set<string>(),
      });
    total.fundIds.add(p.fundId);
    total.funds = total.fundIds.size;
    total.received = money(total.received.amount.plus(p.received), p.currency);
    total.repaid = money(total.repaid.amount.plus(p.repaid), p.currency);
    total.outstanding = money(total.outstanding.amount.plus(p.outstanding), p.currency);
    total.lentOut = money(total.lentOut.amount.plus(p.lentOut), p.currency);
    byKey.set(key, total);
  }
  return [...byKey.keys()].sort().map((k) => {
    const { fundIds: _ignored, ...rest } = byKey.get(k)!;
    return Object.assign(new PartnerCapitalTotalType(), rest);
  });
}
