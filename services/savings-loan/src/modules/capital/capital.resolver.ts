import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReferenceResolvers } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { FundBooks, JournalEntryType } from '../ledger/books.types';
import { entryLoader } from '../ledger/ledger.loaders';
import { CapitalInput } from './capital.inputs';
import { fundCapitalLoader, partnerCapitalLoader } from './capital.loaders';
import { CapitalOperation, CapitalService } from './capital.service';
import { PartnerCapitalEntity, PartnerCapitalTotalType, PartnerCapitalType } from './capital.types';

/** The Partner entity's reference: any partner id; its capital is read within the caller's scope. */
export function capitalReferenceResolvers(): ReferenceResolvers {
  return {
    Partner: {
      __resolveReference: (reference: { id: string }) => Object.assign(new PartnerCapitalEntity(), { id: reference.id }),
    },
  };
}

@Resolver(() => FundBooks)
export class FundCapitalResolver {
  constructor(private readonly service: CapitalService) {}

  @FieldResolver(() => [PartnerCapitalType], {
    description: "Partners' capital in the fund, per partner and kind: received, repaid, outstanding and how much is lent out.",
  })
  capital(@Root() books: FundBooks, @Ctx() ctx: SavingsLoanContext) {
    return fundCapitalLoader(ctx, this.service).load(books.fundId);
  }
}

@Resolver(() => PartnerCapitalEntity)
export class PartnerCapitalResolver {
  constructor(private readonly service: CapitalService) {}

  @FieldResolver(() => [PartnerCapitalTotalType], {
    description:
      "The partner's capital in the funds of your scope (or under `nodeId`), per kind, added up per currency (never across currencies), with how much of it is lent out.",
  })
  async capital(
    @Root() partner: PartnerCapitalEntity,
    @Arg('nodeId', () => ID, { nullable: true, description: 'Only the funds under this node (in your scope).' }) nodeId: string | null,
    @Ctx() ctx: SavingsLoanContext,
  ): Promise<PartnerCapitalTotalType[]> {
    return partnerCapitalLoader(ctx, this.service, nodeId ?? null).load(partner.id);
  }
}

const MOVE_DOCS: Record<CapitalOperation, string> = {
  receiveGrant: "A partner's grant to the fund: cash in, the fund's equity (grants) up; never repaid.",
  receiveTrustCapital: 'A partner places capital with the fund in trust: cash in, owed to the partner.',
  repayTrustCapital:
    'Trust capital returned to its partner: owed down, cash out. Never more than the fund owes that partner in trust (CAPITAL_REPAYMENT_EXCEEDS_BALANCE), nor more than its cash (INSUFFICIENT_FUNDS).',
  drawCreditLine: "A draw on a bank's linkage credit line: cash in, owed to the bank.",
  repayCreditLine:
    'A repayment to the bank on its credit line: owed down, cash out. Never more than is owed on the line (CAPITAL_REPAYMENT_EXCEEDS_BALANCE), nor more than its cash (INSUFFICIENT_FUNDS).',
};

const COMMON = ' The partner is one membership knows, of the fund’s country (PARTNER_COUNTRY_MISMATCH).';

@Resolver()
export class CapitalResolver {
  constructor(private readonly capital: CapitalService) {}

  private async move(operation: CapitalOperation, input: CapitalInput, ctx: SavingsLoanContext) {
    const result = await this.capital.move(ctx.access, operation, input);
    ctx.loaders.clearAll();
    return entryLoader(ctx).load(result.entryId);
  }

  @Mutation(() => JournalEntryType, { description: MOVE_DOCS.receiveGrant + COMMON })
  receiveGrant(@Arg('input', () => CapitalInput) input: CapitalInput, @Ctx() ctx: SavingsLoanContext) {
    return this.move('receiveGrant', input, ctx);
  }

  @Mutation(() => JournalEntryType, { description: MOVE_DOCS.receiveTrustCapital + COMMON })
  receiveTrustCapital(@Arg('input', () => CapitalInput) input: CapitalInput, @Ctx() ctx: SavingsLoanContext) {
    return this.move('receiveTrustCapital', input, ctx);
  }

  @Mutation(() => JournalEntryType, { description: MOVE_DOCS.repayTrustCapital + COMMON })
  repayTrustCapital(@Arg('input', () => CapitalInput) input: CapitalInput, @Ctx() ctx: SavingsLoanContext) {
    return this.move('repayTrustCapital', input, ctx);
  }

  @Mutation(() => JournalEntryType, { description: MOVE_DOCS.drawCreditLine + COMMON })
  drawCreditLine(@Arg('input', () => CapitalInput) input: CapitalInput, @Ctx() ctx: SavingsLoanContext) {
    return this.move('drawCreditLine', input, ctx);
  }

  @Mutation(() => JournalEntryType, { description: MOVE_DOCS.repayCreditLine + COMMON })
  repayCreditLine(@Arg('input', () => CapitalInput) input: CapitalInput, @Ctx() ctx: SavingsLoanContext) {
    return this.move('repayCreditLine', input, ctx);
  }
}
