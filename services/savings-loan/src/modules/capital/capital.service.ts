import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import type { ScopedDatabase } from '@funds/db-kit';
import { Access, DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { PostedResult } from '../ledger/ledger.service';
import { locateFund } from '../scope/fund-scope';
import { idempotent } from '../idempotency/idempotency';
import { assertAmount } from '../savings/savings.service';
import { CapitalAccountRow, CapitalCode, CapitalRepository } from './capital.repository';
import { Allocate, lentOutOf } from './capital.lent-out';

export interface CapitalInput {
  fundId: string;
  partnerId: string;
  amount: Decimal;
  valueDate?: string | null;
  memo?: string | null;
  idempotencyKey: string;
}

export type CapitalOperation = 'receiveGrant' | 'receiveTrustCapital' | 'repayTrustCapital' | 'drawCreditLine' | 'repayCreditLine';

/** Each capital mutation: its entry kind, the partner's account it moves, and whether money comes in or goes back. */
export const CAPITAL_MOVES: Record<CapitalOperation, { kind: EntryKind; code: CapitalCode; inflow: boolean }> = {
  receiveGrant: { kind: EntryKind.GRANT_RECEIVED, code: 'GRANTS', inflow: true },
  receiveTrustCapital: { kind: EntryKind.TRUST_CAPITAL_RECEIVED, code: 'TRUST_CAPITAL', inflow: true },
  repayTrustCapital: { kind: EntryKind.TRUST_CAPITAL_REPAID, code: 'TRUST_CAPITAL', inflow: false },
  drawCreditLine: { kind: EntryKind.CREDIT_LINE_DRAWN, code: 'CREDIT_LINE', inflow: true },
  repayCreditLine: { kind: EntryKind.CREDIT_LINE_REPAID, code: 'CREDIT_LINE', inflow: false },
};

/** A partner's capital of one kind in one fund, with how much of it is lent out. */
export interface CapitalPosition extends CapitalAccountRow {
  lentOut: Decimal;
}

/**
 * Capital from partners: grants (the fund's equity), trust capital (returnable), credit lines
 * (bank linkage, a liability). Each movement is one entry against the partner's account; a
 * repayment never exceeds what is owed (read under the account's lock). A partner works in one
 * country (or any, when it names none): a fund of another country is refused.
 */
export class CapitalService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
    private readonly allocate: Allocate,
  ) {}

  move(access: Access, operation: CapitalOperation, input: CapitalInput): Promise<PostedResult> {
    const move = CAPITAL_MOVES[operation];
    return this.db.transaction(access.dbScope, async (em) => {
      const fund = await locateFund(access, em, input.fundId);
      access.authorize(operation, fund.ref, 'fundId');
      const repo = new CapitalRepository(em);
      const partner = await repo.partner(input.partnerId);
      if (!partner) throw new DomainError('NOT_FOUND', `No partner with id ${input.partnerId}`, 'partnerId');
      if (partner.countryCode && partner.countryCode !== fund.ref.countryCode) {
        throw new DomainError(
          'PARTNER_COUNTRY_MISMATCH',
          `The partner works in ${partner.countryCode}; this fund is in ${fund.ref.countryCode}`,
          'partnerId',
        );
      }
      assertAmount(input.amount, fund.currency);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation,
          input: { partnerId: input.partnerId, amount: decimalToString(input.amount), valueDate, memo: input.memo ?? null },
          recordedBy: access.identity.subject,
        },
        async () => {
          const ledger = new LedgerRepository(em);
          const account = { code: move.code, partnerId: partner.id };
          if (!move.inflow) {
            const [owed] = await ledger.balances(fund.ref.id, [account], true);
            if (input.amount.gt(owed)) {
              throw new DomainError(
                'CAPITAL_REPAYMENT_EXCEEDS_BALANCE',
                `The fund owes this partner ${decimalToString(owed)} ${fund.currency} on this capital; it repays no more`,
                'amount',
                { outstanding: decimalToString(owed) },
              );
            }
          }
          const posted = await ledger.post({
            fundId: fund.ref.id,
            kind: move.kind,
            valueDate,
            currency: fund.currency,
            memo: input.memo,
            partnerId: partner.id,
            recordedBy: access.identity.subject,
            lines: move.inflow
              ? [
                  { account: { code: 'CASH' }, amount: input.amount },
                  { account, amount: input.amount.negated() },
                ]
              : [
                  { account, amount: input.amount },
                  { account: { code: 'CASH' }, amount: input.amount.negated() },
                ],
          });
          await ledger.appendEvents([
            bookEvent(fund.ref, 'CapitalMoved', posted.id, access, {
              entryId: posted.id,
              kind: move.kind,
              partnerId: partner.id,
              amount: decimalToString(input.amount),
              currency: fund.currency,
              valueDate,
            }),
          ]);
          return { fundId: fund.ref.id, entryId: posted.id };
        },
      );
    });
  }

  /** Partners' capital in the funds, each with how much is lent out. */
  async positions(em: EntityManager, fundIds: readonly string[]): Promise<CapitalPosition[]> {
    if (fundIds.length === 0) return [];
    const repo = new CapitalRepository(em);
    // Lent out is shared among every partner of a fund, so all of a fund's capital is read.
    const capital = await repo.capitalAccounts(fundIds);
    const sources = await repo.sources(fundIds);
    const loans = await repo.loanExposures(fundIds);
    const out: CapitalPosition[] = [];
    for (const fund of sources) {
      const own = capital.filter((c) => c.fundId === fund.fundId);
      const lent = lentOutOf(
        own,
        fund,
        loans.filter((l) => l.fundId === fund.fundId),
        this.allocate,
      );
      own.forEach((c, i) => out.push({ ...c, lentOut: lent[i] ?? new Dec(0) }));
    }
    return out;
  }

  /** Partners' capital in the funds the caller sees (under `nodeId` when given), per partner: four statements for any number. */
  async partnersPositions(
    em: EntityManager,
    partnerIds: readonly string[],
    nodeId: string | null,
  ): Promise<Map<string, CapitalPosition[]>> {
    const pairs = await new CapitalRepository(em).fundsOfPartners(partnerIds, nodeId);
    const funds = [...new Set(pairs.map((p) => p.fundId))];
    const positions = await this.positions(em, funds);
    const wanted = new Set(pairs.map((p) => `${p.partnerId}|${p.fundId}`));
    const out = new Map<string, CapitalPosition[]>(partnerIds.map((id) => [id, []]));
    for (const position of positions) {
      if (wanted.has(`${position.partnerId}|${position.fundId}`)) out.get(position.partnerId)?.push(position);
    }
    return out;
  }
}
