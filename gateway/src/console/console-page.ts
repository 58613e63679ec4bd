import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** The example operations, read from `src/console/examples` (two levels under the package, from src and dist alike). */
export const EXAMPLES_DIR = join(__dirname, '..', '..', 'src', 'console', 'examples');

export interface ConsoleExample {
  /** The operation text, comments included. */
  query: string;
  /** Pretty JSON for the variables pane, from the file's `# variables: {...}` line (kept in the query as a visible hint). */
  variables: string;
}

const VARIABLES_LINE = /^#\s*variables:\s*(.+)$/m;

/** Reads every `*.graphql` example in file-name order; a `# variables: {...}` line becomes the tab's variables. */
export function loadExamples(dir = EXAMPLES_DIR): ConsoleExample[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = VARIABLES_LINE.exec(text);
      const variables = match ? JSON.stringify(JSON.parse(match[1]), null, 2) : '{}';
      return { query: text, variables };
    });
}

const TOKEN_HINT = 'npm run token -- regional-admin &lt;countyId&gt;';

/**
 * A bar above GraphiQL to paste a token. The token is kept in sessionStorage and added as
 * `Authorization: Bearer <token>` to the console's requests to /graphql (unless the headers pane
 * sets one). Without a token only the documentation pane (introspection) works.
 */
const TOKEN_BAR = `
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; }
  #root { flex: 1; min-height: 0; }
  #token-bar { display: flex; gap: 0.6rem; align-items: center; padding: 0.4rem 0.8rem; font: 13px system-ui, sans-serif; border-bottom: 1px solid #d0d7de; }
  #token-bar input { flex: 1; font: 12px ui-monospace, monospace; padding: 0.3rem 0.4rem; }
  #token-bar code { font: 12px ui-monospace, monospace; }
</style>
<div id="token-bar">
  <label for="token-input"><strong>Token</strong></label>
  <input id="token-input" autocomplete="off" spellcheck="false" placeholder="Paste a token from: ${TOKEN_HINT}" />
  <span>Get one with <code>${TOKEN_HINT}</code></span>
</div>
<script>
  (function () {
    var KEY = 'funds-console-token';
    var input = document.getElementById('token-input');
    var token = function () { return (sessionStorage.getItem(KEY) || '').trim().replace(/^Bearer\\s+/i, ''); };
    input.value = token();
    input.addEventListener('input', function () { sessionStorage.setItem(KEY, input.value); });
    var send = window.fetch.bind(window);
    window.fetch = function (resource, init) {
      var url = new URL(resource instanceof Request ? resource.url : String(resource), location.href);
      if (token() && url.origin === location.origin && url.pathname === '/graphql') {
        var headers = new Headers((init && init.headers) || (resource instanceof Request ? resource.headers : undefined));
        if (!headers.has('authorization')) headers.set('authorization', 'Bearer ' + token());
        init = Object.assign({}, init, { headers: headers });
      }
      return send(resource, init);
    };
  })();
</script>
`;

/**
 * Everything the console page may load: itself, inline scripts and styles, its workers (blob:)
 * and data: fonts and icons. The browser refuses anything from elsewhere.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join('; ');

/** The self-contained GraphiQL page: every script, style, font and worker is inline. */
export function renderConsolePage(examples: ConsoleExample[]): string {
  const html = renderGraphiQL({
    title: 'Community funds · GraphQL console',
    endpoint: '/graphql',
    defaultQuery: examples[0]?.query,
    defaultTabs: examples.map((example) => ({ query: example.query, variables: example.variables })),
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
    schemaDescription: true,
  });
  const root = '<div id="root"></div>';
  if (!html.includes(root)) throw new Error('renderGraphiQL output changed: no <div id="root">');
  return html.replace(root, () => `${TOKEN_BAR}${root}`);
}
