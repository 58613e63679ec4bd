import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { loadDemoNetwork } from '../../services/membership/src/demo/load-demo';
import { loadDemoBooks } from '../../services/savings-loan/src/demo/demo-books';
import { DASHBOARD_DIR } from '../../gateway/src/dashboard';
import { BROWSER_TIMEOUT_MS, describeBrowser, isLocal, launchBrowser } from '../../gateway/test/support/browser';

/**
 * The provincial dashboard (apps/dashboard, served by the gateway at /dashboard) in headless
 * Chromium on the demo network with its books (as `npm start` loads them, on a fixed day), signed
 * in as dashboard viewers of one county: the figures on the page are the API's, read through the
 * gateway with the same token; drill-down and breadcrumbs work; nothing is requested outside this
 * machine; a viewer of another county sees none of it. Takes the README's screenshots of the
 * Persian and the Vietnamese views (docs/dashboard-fa.png, docs/dashboard-vi.png), rewritten by every
 * run: commit them when the page changes.
 */
const ROOT = join(__dirname, '..', '..');
const TODAY = '2026-11-23';

const FIGURES = `asOf members { active women femaleHeadedHouseholds withDisability referredByPartner definition { name version description } }
  currencies { currency grossLoanPortfolio { value { amount } } par30 { ratio definition { description } } savingsBalance { value { amount } }
    activeBorrowers { value } partnerCapital { value { amount } } loanFundUtilisation { ratio } sharesBalance { value { amount } } }`;
/** The headline's flows: the twelve months up to the day (from the first day of the month eleven months before). */
const FLOW_FIGURES = `portfolio(asOf: "${TODAY}", periodFrom: "2025-12-01") {
  currencies { currency onTimeRepaymentRate { ratio } collectionRate { ratio } savingsMobilised { value { amount } } } }`;
const FLOWS = `query($id: ID!) { node(id: $id) {
  ... on County { ${FLOW_FIGURES} } ... on Village { ${FLOW_FIGURES} } ... on Fund { ${FLOW_FIGURES} } } }`;
const PORTFOLIO = `query($id: ID!) { node(id: $id) {
  ... on County { name portfolio { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on Village { name portfolio { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on Fund { name portfolio { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } } } }`;
const AT_RISK = `query($id: ID!, $halfYear: String) { node(id: $id) { ... on County {
  evaluationReport(halfYear: $halfYear, par30Above: "0.1") { period { label } fundsAtRisk { id name par30 } } } } }`;

/** Persian and Arabic-Indic digits as Latin ones. */
const latin = (text: string) =>
  text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
/** The digits of a displayed whole amount or count, read back (separators, currency and direction marks dropped). */
const digitsOf = (text: string) => latin(text).replace(/[^0-9]/g, '');
const PERSIAN_DIGIT = /[۰-۹]/;

describeBrowser('the provincial dashboard on the demo network', () => {
  let p: TestPlatform;
  let browser: Browser;
  let origin: string;
  let zanjan: { id: string; name: string };
  let vanChan: { id: string; name: string };
  let abhar: { id: string; name: string };
  let sohrein: { id: string; name: string; villageId: string };

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) throw new Error('The dashboard is not built: run `npm run build:dashboard` first');
    p = await startTestPlatform({ clock: { now: () => new Date(`${TODAY}T08:00:00Z`) } });
    origin = p.gatewayUrl.replace(/\/graphql$/, '');
    await loadDemoNetwork(p.membershipDb);
    await loadDemoBooks((q, v) => p.gql(p.national, q, v), { today: TODAY });
    await p.reportingSettled(60_000);
    const county = async (nameLatin: string) =>
      (await p.membershipDb.query(`SELECT id, name FROM membership.county WHERE name_latin = $1`, [nameLatin]))[0];
    [sohrein] = await p.membershipDb.query(
      `SELECT id, name, village_id AS "villageId" FROM membership.fund WHERE name_latin = 'Sohrein Local Micro-Fund of Rural Women'`,
    );
    [zanjan] = await p.membershipDb.query(
      `SELECT c.id, c.name FROM membership.county c JOIN membership.fund f ON f.county_id = c.id WHERE f.id = $1`,
      [sohrein.id],
    );
    vanChan = await county('Van Chan');
    abhar = await county('Abhar');
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  /** A new page signed in with `token` (pasted into the sign-in form), watching requests, errors and the console. */
  async function signedIn(token: string, hash = '') {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(`${origin}/dashboard${hash}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('#token', token);
    await page.click('.sign-in button[type=submit]');
    return { page, requests, problems };
  }

  const node = (page: Page, id: string) => page.locator(`main.node[data-node="${id}"]`);

  /** Every headline and every child row shows the API's figures (read as the same viewer), numbers written for `tag`. */
  async function expectFiguresOf(page: Page, token: string, id: string, tag: 'fa-IR' | 'vi-VN' | 'en-GB') {
    const persian = tag === 'fa-IR';
    const api = ok(await p.gql(token, PORTFOLIO, { id })).node.portfolio;
    const flows = ok(await p.gql(token, FLOWS, { id })).node.portfolio.currencies;
    const main = node(page, id);
    const percent = (ratio: string | null) =>
      ratio === null
        ? '—'
        : new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio as never);
    for (const c of api.currencies) {
      const card = (figure: string) => main.locator(`.card[data-figure="${figure}"][data-currency="${c.currency}"]`);
      expect(await card('grossLoanPortfolio').getAttribute('data-value')).toBe(c.grossLoanPortfolio.value.amount);
      const glp = await card('grossLoanPortfolio').locator('.value').innerText();
      expect(digitsOf(glp)).toBe(c.grossLoanPortfolio.value.amount);
      expect(PERSIAN_DIGIT.test(glp)).toBe(persian);
      expect(digitsOf(await card('savingsBalance').locator('.value').innerText())).toBe(c.savingsBalance.value.amount);
      expect(await card('par30').getAttribute('data-value')).toBe(c.par30.ratio ?? '');
      expect(await card('par30').locator('.value').innerText()).toBe(percent(c.par30.ratio));
      expect(digitsOf(await card('grossLoanPortfolio').locator('[data-figure="activeBorrowers"]').innerText())).toBe(
        String(c.activeBorrowers.value),
      );
      expect(digitsOf(await card('partnerCapital').locator('.value').innerText())).toBe(c.partnerCapital.value.amount);
      expect(await card('partnerCapital').locator('[data-figure="loanFundUtilisation"]').innerText()).toContain(
        percent(c.loanFundUtilisation.ratio),
      );
      const flow = flows.find((f: { currency: string }) => f.currency === c.currency);
      expect(await card('onTimeRepaymentRate').getAttribute('data-value')).toBe(flow.onTimeRepaymentRate.ratio ?? '');
      expect(await card('onTimeRepaymentRate').locator('.value').innerText()).toBe(percent(flow.onTimeRepaymentRate.ratio));
      expect(await card('onTimeRepaymentRate').locator('[data-figure="collectionRate"]').getAttribute('data-value')).toBe(
        flow.collectionRate.ratio ?? '',
      );
      expect(await card('savingsBalance').locator('[data-figure="savingsMobilised"]').getAttribute('data-value')).toBe(
        flow.savingsMobilised.value.amount,
      );
    }
    const members = main.locator('.card[data-figure="members"]');
    expect(digitsOf(await members.locator('.value').innerText())).toBe(String(api.members.active));
    expect(digitsOf(await members.locator('[data-figure="women"]').innerText())).toBe(String(api.members.women));
    expect(digitsOf(await main.locator('.card[data-figure="femaleHeadedHouseholds"] .value').innerText())).toBe(
      String(api.members.femaleHeadedHouseholds),
    );
    expect(await main.locator('[data-figure="withDisability"]').getAttribute('data-value')).toBe(String(api.members.withDisability));
    expect(digitsOf(await main.locator('[data-figure="referredByPartner"]').innerText())).toBe(String(api.members.referredByPartner));
    // The children: one row each, with the API's figures in the node's first currency.
    const rows = main.locator('.children-table tbody tr');
    expect(await rows.count()).toBe(api.children.length);
    const currency = api.currencies[0]?.currency;
    for (const child of api.children) {
      const row = main.locator(`tr[data-child="${child.node.id}"]`);
      expect(await row.locator('th').innerText()).toBe(child.node.name);
      const c = child.portfolio.currencies.find((x: { currency: string }) => x.currency === currency);
      expect(await row.locator('[data-figure="grossLoanPortfolio"]').getAttribute('data-value')).toBe(
        c?.grossLoanPortfolio.value.amount ?? '',
      );
      if (c) expect(digitsOf(await row.locator('[data-figure="grossLoanPortfolio"]').innerText())).toBe(c.grossLoanPortfolio.value.amount);
      expect(digitsOf(await row.locator('[data-figure="members"]').innerText())).toBe(String(child.portfolio.members.active));
    }
    return api;
  }

  it(
    "shows a county viewer her county's figures in Persian, right to left, drills into a fund and back, downloads the report",
    async () => {
      const token = p.token(Role.DASHBOARD_VIEWER, zanjan.id, 'zanjan-viewer');
      const { page, requests, problems } = await signedIn(token);
      // Starts at the viewer's scope node.
      await node(page, zanjan.id).waitFor();
      await page.locator('.funds-at-risk, .at-risk .none').first().waitFor();
      expect(new URL(page.url()).hash).toBe(`#/node/${zanjan.id}`);

      // Persian, right to left, Solar Hijri.
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fa', 'rtl']);
      expect(await node(page, zanjan.id).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      expect(await page.locator('.node-name').innerText()).toBe(zanjan.name);
      expect(await page.locator('.card[data-figure="grossLoanPortfolio"] h3').first().innerText()).toContain('مانده ناخالص وام‌ها');
      const asOf = await page.locator('.as-of time').innerText();
      expect(asOf).toBe(
        new Intl.DateTimeFormat('fa-IR-u-ca-persian', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${TODAY}T00:00:00Z`)),
      );
      expect(asOf).toContain('آذر'); // 2 Azar 1405
      // Right to left: the first column (the name) is at the right of the table, the numbers to its left.
      const name = await page.locator('.children-table thead th').first().boundingBox();
      const glp = await page.locator('.children-table thead th[data-sort="grossLoanPortfolio"]').boundingBox();
      expect(name!.x).toBeGreaterThan(glp!.x);

      const api = await expectFiguresOf(page, token, zanjan.id, 'fa-IR');
      expect(api.currencies.map((c: { currency: string }) => c.currency)).toEqual(['IRR']);
      expect(BigInt(api.currencies[0].grossLoanPortfolio.value.amount)).toBeGreaterThan(0n); // the demo books lent money here
      // A micro fund holds no shares: its savings card shows none.
      expect(await page.locator('[data-figure="sharesBalance"]').count()).toBe(0);
      expect(BigInt(api.currencies[0].partnerCapital.value.amount)).toBeGreaterThan(0n); // Omid's credit lines
      // IRR without decimals: no decimal separator in the amount.
      expect(await page.locator('.card[data-figure="grossLoanPortfolio"] .value').innerText()).not.toMatch(/[٫.]\d/);

      // Each figure's definition on hover, as the API states it.
      await page.hover('.card[data-figure="par30"] .info');
      const tip = page.locator('.card[data-figure="par30"] .tip');
      await tip.waitFor({ state: 'visible' });
      expect(await tip.innerText()).toContain(api.currencies[0].par30.definition.description);

      // The table sorts: by name, then by gross loan portfolio both ways.
      const values = async () =>
        (
          await page
            .locator('.children-table tbody [data-figure="grossLoanPortfolio"]')
            .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))
        )
          .filter((v): v is string => !!v)
          .map(BigInt);
      const descending = await values();
      expect(descending).toEqual([...descending].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      await page.click('th[data-sort="grossLoanPortfolio"] button');
      expect(await page.getAttribute('th[data-sort="grossLoanPortfolio"]', 'aria-sort')).toBe('ascending');
      const ascending = await values();
      expect(ascending).toEqual([...descending].reverse());
      // The bar chart and the months are drawn.
      await page.locator('[data-chart="children"] canvas').waitFor();
      await page.locator('[data-chart="trends"] canvas').waitFor();
      expect(await page.locator('.trends .range').innerText()).toMatch(PERSIAN_DIGIT);

      // The funds above 10% PAR30 are the evaluation report's.
      const halfYear = await page.locator('.at-risk .period').getAttribute('data-half-year');
      expect(halfYear).toBe('1405-H2');
      const atRisk = ok(await p.gql(token, AT_RISK, { id: zanjan.id, halfYear })).node.evaluationReport.fundsAtRisk;
      expect(await page.locator('.funds-at-risk li a').allInnerTexts()).toEqual(atRisk.map((f: { name: string }) => f.name));

      // The evaluation report as CSV, with the viewer's token.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download')]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain(`"node","name","","${zanjan.name}"`);
      expect(csv).toContain(`"period","label","","${halfYear}"`);
      expect(csv).toContain(`"end","grossLoanPortfolio","IRR"`);

      await page.screenshot({ path: join(ROOT, 'docs', 'dashboard-fa.png'), fullPage: true });

      // Drill down: the village, then the fund; breadcrumbs back up to the county.
      await page.click(`tr[data-child="${sohrein.villageId}"] a`);
      await node(page, sohrein.villageId).waitFor();
      await expectFiguresOf(page, token, sohrein.villageId, 'fa-IR');
      await page.click(`tr[data-child="${sohrein.id}"]`);
      await node(page, sohrein.id).waitFor();
      await expectFiguresOf(page, token, sohrein.id, 'fa-IR');
      expect(await page.locator('.node-name').innerText()).toBe(sohrein.name);
      const crumbs = page.locator('.crumbs a');
      expect(await crumbs.allInnerTexts()).toEqual([zanjan.name, expect.any(String)]);
      await crumbs.first().click();
      await node(page, zanjan.id).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/node/${zanjan.id}`);

      expect(problems).toEqual([]);
      expect(requests.length).toBeGreaterThan(5);
      expect(requests.filter((url) => !isLocal(url))).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS * 2,
  );

  it(
    'shows a Vietnamese county in Vietnamese (or English), left to right, amounts in VND without decimals',
    async () => {
      const token = p.token(Role.DASHBOARD_VIEWER, vanChan.id, 'van-chan-viewer');
      const { page, requests, problems } = await signedIn(token);
      await node(page, vanChan.id).waitFor();
      await page.locator('.funds-at-risk, .at-risk .none').first().waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['vi', 'ltr']);
      expect(await node(page, vanChan.id).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
      expect(await page.locator('.card[data-figure="grossLoanPortfolio"] h3').first().innerText()).toContain('Dư nợ cho vay gộp');
      const api = await expectFiguresOf(page, token, vanChan.id, 'vi-VN');
      expect(api.currencies.map((c: { currency: string }) => c.currency)).toEqual(['VND']);
      const savings = await page.locator('.card[data-figure="savingsBalance"] .value').innerText();
      expect(savings).toContain('₫');
      expect(savings).not.toMatch(/,\d/); // vi-VN writes decimals after a comma: none for VND
      expect(BigInt(api.currencies[0].grossLoanPortfolio.value.amount)).toBeGreaterThan(0n);
      // A savings group keeps its savings as shares: the savings card shows them.
      expect(BigInt(api.currencies[0].sharesBalance.value.amount)).toBeGreaterThan(0n);
      expect(await page.locator('.card[data-figure="savingsBalance"] [data-figure="sharesBalance"]').getAttribute('data-value')).toBe(
        api.currencies[0].sharesBalance.value.amount,
      );
      await page.locator('[data-chart="trends"] canvas').waitFor();
      await page.screenshot({ path: join(ROOT, 'docs', 'dashboard-vi.png'), fullPage: true });

      // English labels on request, the same figures.
      await page.selectOption('.language select', 'en');
      await page.locator('.card[data-figure="grossLoanPortfolio"] h3', { hasText: 'Gross loan portfolio' }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expectFiguresOf(page, token, vanChan.id, 'en-GB');

      expect(problems).toEqual([]);
      expect(requests.filter((url) => !isLocal(url))).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    "shows a viewer of another county none of Zanjan county's figures, names or report",
    async () => {
      const zanjanApi = ok(await p.gql(p.national, PORTFOLIO, { id: zanjan.id })).node.portfolio;
      const token = p.token(Role.DASHBOARD_VIEWER, abhar.id, 'abhar-viewer');
      // Straight to Zanjan county's address: refused as if it did not exist.
      const { page, requests, problems } = await signedIn(token, `#/node/${zanjan.id}`);
      await page.locator(`[data-not-found="${zanjan.id}"]`).waitFor();
      const text = await page.locator('body').innerText();
      expect(text).not.toContain(zanjan.name);
      for (const child of zanjanApi.children) expect(text).not.toContain(child.node.name);
      expect(await page.locator('.card, .children-table').count()).toBe(0);
      // The CSV route refuses it too.
      const csv = await page.evaluate(
        async ([id, bearer]) =>
          (await fetch(`/reports/evaluation.csv?nodeId=${id}`, { headers: { authorization: `Bearer ${bearer}` } })).status,
        [zanjan.id, token],
      );
      expect(csv).toBe(404);
      // Its own start is Abhar county, with Abhar's villages only.
      await page.evaluate(() => (location.hash = ''));
      await page.reload();
      await node(page, abhar.id).waitFor();
      expect(await page.locator('.node-name').innerText()).toBe(abhar.name);
      const shown = await page.locator('.children-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-child')));
      for (const child of zanjanApi.children) expect(shown).not.toContain(child.node.id);
      expect(problems.filter((m) => !m.includes('404'))).toEqual([]);
      expect(requests.filter((url) => !isLocal(url))).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS,
  );
});
