import type { Request, RequestHandler } from 'express';
import { CSV_BOM, CSV_MEDIA_TYPE, csvLine, sendGraphQLError } from '@funds/graphql-kit';

/**
 * GET /reports/evaluation.csv?nodeId=...&halfYear=...&par30Above=...: a node's evaluation report
 * (the `evaluationReport` field) as CSV, UTF-8 with a byte order mark so Persian opens right in a
 * spreadsheet, one row per figure. The gateway runs the GraphQL operation through its own
 * /graphql for the caller (the caller's Authorization or API key headers forwarded), so the same
 * rules answer it: authentication, scope, rate limit, limits. Errors are coded JSON.
 */
const REPORT = `period { label calendar start end localStart localEnd } previousPeriod { label start end localStart localEnd }
  portfolio { asOf members { active women femaleHeadedHouseholds withDisability } currencies { currency grossLoanPortfolio { value { amount } } par30 { ratio }
    loansDisbursed { count amount { amount } } savingsBalance { value { amount } } savingsMobilised { value { amount } }
    onTimeRepaymentRate { ratio } collectionRate { ratio } partnerCapital { value { amount } }
    partnerCapitalByPartner { partnerId kind amount { amount } } loanFundUtilisation { ratio } } }
  previousPortfolio { asOf members { active women femaleHeadedHouseholds withDisability } currencies { currency grossLoanPortfolio { value { amount } } par30 { ratio }
    loansDisbursed { count amount { amount } } savingsBalance { value { amount } } savingsMobilised { value { amount } }
    onTimeRepaymentRate { ratio } collectionRate { ratio } partnerCapital { value { amount } }
    partnerCapitalByPartner { partnerId kind amount { amount } } loanFundUtilisation { ratio } } }
  change { activeMembers currencies { currency grossLoanPortfolio { amount } savingsBalance { amount } par30Points } }
  memberGrowth { activeAtStart activeAtEnd joined exited }
  par30Above fundsAtRisk { id name currency par30 }`;
export const EVALUATION_CSV_QUERY = `query EvaluationCsv($id: ID!, $halfYear: String, $par30Above: Decimal) { node(id: $id) {
  ... on Province { name evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on County { name evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on Village { name evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on Fund { name evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } } } }`;

/** The caller's credentials and request id, forwarded to the gateway's own /graphql. */
const FORWARDED = ['authorization', 'x-api-key', 'x-request-id'];

type Row = [section: string, figure: string, currency: string, value: string | number | null];

function portfolioRows(section: string, portfolio: any): Row[] {
  const rows: Row[] = [
    [section, 'asOf', '', portfolio.asOf],
    [section, 'activeMembers', '', portfolio.members.active],
    [section, 'women', '', portfolio.members.women],
    [section, 'femaleHeadedHouseholds', '', portfolio.members.femaleHeadedHouseholds],
    [section, 'withDisability', '', portfolio.members.withDisability],
  ];
  for (const c of portfolio.currencies) {
    rows.push(
      [section, 'grossLoanPortfolio', c.currency, c.grossLoanPortfolio.value.amount],
      [section, 'par30', c.currency, c.par30.ratio],
      [section, 'loansDisbursedCount', c.currency, c.loansDisbursed.count],
      [section, 'loansDisbursedAmount', c.currency, c.loansDisbursed.amount.amount],
      [section, 'savingsBalance', c.currency, c.savingsBalance.value.amount],
      [section, 'savingsMobilised', c.currency, c.savingsMobilised.value.amount],
      [section, 'onTimeRepaymentRate', c.currency, c.onTimeRepaymentRate.ratio],
      [section, 'collectionRate', c.currency, c.collectionRate.ratio],
      [section, 'loanFundUtilisation', c.currency, c.loanFundUtilisation.ratio],
      [section, 'partnerCapital', c.currency, c.partnerCapital.value.amount],
    );
    for (const partner of c.partnerCapitalByPartner) {
      rows.push([section, `partnerCapital ${partner.kind} (${partner.partnerId})`, c.currency, partner.amount.amount]);
    }
  }
  return rows;
}

/** The report's rows: section, figure, currency, value. */
export function evaluationRows(name: string, report: any): Row[] {
  const rows: Row[] = [
    ['node', 'name', '', name],
    ['period', 'label', '', report.period.label],
    ['period', 'calendar', '', report.period.calendar],
    ['period', 'start', '', report.period.start],
    ['period', 'end', '', report.period.end],
    ['period', 'localStart', '', report.period.localStart],
    ['period', 'localEnd', '', report.period.localEnd],
    ['previousPeriod', 'label', '', report.previousPeriod.label],
    ['previousPeriod', 'start', '', report.previousPeriod.start],
    ['previousPeriod', 'end', '', report.previousPeriod.end],
    ['previousPeriod', 'localStart', '', report.previousPeriod.localStart],
    ['previousPeriod', 'localEnd', '', report.previousPeriod.localEnd],
    ...portfolioRows('end', report.portfolio),
    ...portfolioRows('previousEnd', report.previousPortfolio),
    ['change', 'activeMembers', '', report.change.activeMembers],
  ];
  for (const c of report.change.currencies) {
    rows.push(
      ['change', 'grossLoanPortfolio', c.currency, c.grossLoanPortfolio.amount],
      ['change', 'savingsBalance', c.currency, c.savingsBalance.amount],
      ['change', 'par30Points', c.currency, c.par30Points],
    );
  }
  rows.push(
    ['memberGrowth', 'activeAtStart', '', report.memberGrowth.activeAtStart],
    ['memberGrowth', 'activeAtEnd', '', report.memberGrowth.activeAtEnd],
    ['memberGrowth', 'joined', '', report.memberGrowth.joined],
    ['memberGrowth', 'exited', '', report.memberGrowth.exited],
    ['fundsAtRisk', 'par30Above', '', report.par30Above],
  );
  for (const f of report.fundsAtRisk) rows.push(['fundAtRisk', `${f.name} (${f.id})`, f.currency, f.par30]);
  return rows;
}

function queryParam(req: Request, name: string): string | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The handler; `graphqlUrl` is the gateway's own /graphql address (known once it listens). */
export function evaluationCsvHandler(graphqlUrl: () => string): RequestHandler {
  return async (req, res, next) => {
    try {
      const nodeId = queryParam(req, 'nodeId');
      const halfYear = queryParam(req, 'halfYear');
      const par30Above = queryParam(req, 'par30Above');
      if (!nodeId || halfYear === null || par30Above === null) {
        sendGraphQLError(req, res, 400, 'BAD_REQUEST', 'Give nodeId once, and halfYear and par30Above at most once each');
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      for (const name of FORWARDED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(graphqlUrl(), {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: EVALUATION_CSV_QUERY, variables: { id: nodeId, halfYear, par30Above } }),
      });
      const body = (await answer.json()) as { data?: { node?: { name: string; evaluationReport: unknown } | null }; errors?: unknown[] };
      for (const name of ['retry-after', 'x-request-id']) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      if (body.errors?.length) {
        // The operation's own refusal (401, 429, ...), or a field's error (INVALID_INPUT, ...) answered as 400.
        res
          .status(answer.status === 200 ? 400 : answer.status)
          .type('application/json; charset=utf-8')
          .send(JSON.stringify({ errors: body.errors }));
        return;
      }
      const node = body.data?.node;
      if (!node?.evaluationReport) {
        sendGraphQLError(req, res, 404, 'NOT_FOUND', `No province, county, village or fund ${nodeId} you may see`);
        return;
      }
      const rows = evaluationRows(node.name, node.evaluationReport);
      const csv = [['section', 'figure', 'currency', 'value'] as Row, ...rows].map(csvLine).join('');
      res
        .status(200)
        .set({
          'Content-Type': CSV_MEDIA_TYPE,
          'Content-Disposition': `attachment; filename="evaluation-${nodeId.replace(/[^\w-]/g, '')}.csv"`,
          'Cache-Control': 'no-store',
        })
        .send(Buffer.from(`${CSV_BOM}${csv}`, 'utf8'));
    } catch (error) {
      next(error);
    }
  };
}
