import type { Browser } from 'playwright-core';
import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { createTree, enrol } from '../../services/membership/test/support/factories';
import { BROWSER_TIMEOUT_MS, describeBrowser, isLocal, launchBrowser } from '../../gateway/test/support/browser';

/** The console against the real platform: a county admin pastes a token and browses its county. */
describeBrowser('GraphiQL console on the real platform', () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    p = await startTestPlatform();
    browser = await launchBrowser();
  }, BROWSER_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it(
    'runs BrowseCounty as a regional admin and shows the county, its villages and counts',
    async () => {
      const tree = await createTree(p);
      ok(
        await p.gql(p.national, `mutation($id: ID!) { updateNode(input: { id: $id, name: "شهرستان ابهر" }) { id } }`, {
          id: tree.countyId,
        }),
      );
      for (let i = 0; i < 3; i++) ok(await enrol(p, tree.fundId, { groupId: tree.groupId }));

      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(p.gatewayUrl);
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
      await page.fill('#token-input', p.token(Role.REGIONAL_ADMIN, tree.countyId, 'abhar-admin'));

      await page.locator('.graphiql-query-editor .monaco-editor').first().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        `query Abhar { node(id: "${tree.countyId}") { ... on County { name stats { funds members women } villages { totalCount nodes { name funds { nodes { name stats { members } } } } } } } }`,
      );
      await page.locator('.graphiql-tab-active', { hasText: 'Abhar' }).waitFor();
      await page.locator('.graphiql-execute-button').click();

      const result = page.locator('.graphiql-response');
      await result.getByText('شهرستان ابهر').first().waitFor({ timeout: 15000 });
      const text = await result.innerText();
      expect(text).toMatch(/"members":\s*3/);
      expect(text).toMatch(/"funds":\s*1/);
      await page.screenshot({ path: '/tmp/console-real-platform.png' });

      expect(pageErrors).toEqual([]);
      expect(requests.filter((url) => !isLocal(url))).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS,
  );
});
