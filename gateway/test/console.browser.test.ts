import type { Browser } from 'playwright-core';
import { Role } from '@funds/auth';
import { FixturePlatform, startFixturePlatform } from './support/fixture-platform';
import { BROWSER_TIMEOUT_MS, describeBrowser, isLocal, launchBrowser } from './support/browser';

describeBrowser('GraphiQL console in a real browser', () => {
  let platform: FixturePlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startFixturePlatform();
    browser = await launchBrowser();
  }, BROWSER_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it(
    'runs a query with a pasted token and loads nothing from outside the machine',
    async () => {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      const introspection = page.waitForResponse(
        (response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('__schema'),
      );
      await page.goto(`${platform.gatewayOrigin}/`);
      expect(new URL(page.url()).pathname).toBe('/graphql');
      await page.locator('.graphiql-container').first().waitFor();
      // The documentation pane loads anonymously (introspection), with the schema's descriptions.
      const schema = await introspection;
      expect(schema.status()).toBe(200);
      expect(JSON.stringify(await schema.json())).toContain('Echoes the identity this subgraph received');
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
      await page.screenshot({ path: '/tmp/console-start.png' });

      await page.fill('#token-input', platform.tokenFor(Role.REGIONAL_ADMIN, 'county-9', 'browser-user'));
      await page.locator('.graphiql-query-editor .monaco-editor').first().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('query Me { whoami { role scopeNodeId subject } }');
      // GraphiQL reads the operation name after a short debounce; the tab title shows it then.
      await page.locator('.graphiql-tab-active', { hasText: 'Me' }).waitFor();
      const received = platform.received.length;
      await page.locator('.graphiql-execute-button').click();

      const result = page.locator('.graphiql-response');
      await result.getByText('county-9').first().waitFor({ timeout: 15000 });
      const text = await result.innerText();
      expect(text).toContain('REGIONAL_ADMIN');
      expect(text).toContain('browser-user');
      expect(platform.received.length).toBeGreaterThan(received);

      expect(pageErrors).toEqual([]);
      expect(requests.length).toBeGreaterThan(1);
      expect(requests.filter((url) => !isLocal(url))).toEqual([]);
      await page.close();
    },
    BROWSER_TIMEOUT_MS,
  );
});
