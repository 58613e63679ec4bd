import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, request } from './api';
import { ProvincesDocument, ViewerDocument, type ViewerQuery } from './generated/graphql';
import { NodePage } from './node-page';
import { localeFor, type Locale } from './format';
import { LABELS } from './labels';

const TOKEN_KEY = 'funds-dashboard-token';

function storedToken(): string {
  return (sessionStorage.getItem(TOKEN_KEY) ?? '').trim();
}

/** The node id in the address (`#/node/<id>`), or null at the start. */
function routeNode(): string | null {
  const match = /^#\/node\/([^/?#]+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

export function nodeHref(id: string): string {
  return `#/node/${encodeURIComponent(id)}`;
}

function useRoute(): string | null {
  const [node, setNode] = useState(routeNode);
  useEffect(() => {
    const changed = () => setNode(routeNode());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return node;
}

const ENGLISH: Locale = localeFor('en', 'GREGORIAN');

export function App() {
  const [token, setToken] = useState(storedToken);
  const [viewer, setViewer] = useState<ViewerQuery['viewer'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [locale, setLocale] = useState<Locale>(ENGLISH);
  const node = useRoute();

  const signOut = (message: string | null = null) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken('');
    setViewer(null);
    setProblem(message);
    setLocale(ENGLISH);
  };
  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.signInAgain) signOut(error.message);
    else setProblem(error instanceof Error ? error.message : String(error));
  };

  useEffect(() => {
    if (!token) return;
    let live = true;
    request(ViewerDocument, {}, token).then(
      (data) => {
        if (!live) return;
        setViewer(data.viewer);
        setProblem(null);
        // Start at the viewer's scope node.
        if (!routeNode() && data.viewer.scopeNode) location.replace(nodeHref(data.viewer.scopeNode.id));
      },
      (error: unknown) => live && failed(error),
    );
    return () => {
      live = false;
    };
  }, [token]);

  // Before the browser paints the new language's text, so the page never shows one language while
  // its lang and dir (screen readers, text direction) still name the other.
  useLayoutEffect(() => {
    document.documentElement.lang = locale.lang;
    document.documentElement.dir = locale.dir;
  }, [locale]);

  const labels = LABELS[locale.lang];
  if (!token) {
    return (
      <SignIn
        problem={problem}
        onToken={(value) => {
          sessionStorage.setItem(TOKEN_KEY, value);
          setProblem(null);
          setToken(value);
        }}
      />
    );
  }
  return (
    <div class="page" dir={locale.dir} lang={locale.lang}>
      <header class="top">
        <h1>{labels.title}</h1>
        {viewer && (
          <span class="who" data-role={viewer.role}>
            {viewer.subject}
          </span>
        )}
        <button type="button" class="link" onClick={() => signOut()}>
          {labels.signOut}
        </button>
      </header>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {!viewer ? (
        <p class="loading">{labels.loading}</p>
      ) : node ? (
        <NodePage
          key={node}
          id={node}
          token={token}
          scopeNodeId={viewer.scopeNode?.id ?? null}
          locale={locale}
          onLocale={setLocale}
          onError={failed}
        />
      ) : viewer.scopeNode ? (
        <p class="loading">{labels.loading}</p>
      ) : (
        <Provinces token={token} onError={failed} />
      )}
    </div>
  );
}

function SignIn({ problem, onToken }: { problem: string | null; onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const labels = LABELS.en;
  return (
    <form
      class="sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        const token = value.trim().replace(/^Bearer\s+/i, '');
        if (token) onToken(token);
      }}
    >
      <h1>{labels.title}</h1>
      <p>
        Sign in with your token (a development token: <code>npm run token -- dashboard-viewer &lt;nodeId&gt;</code>). It is sent only to
        this platform, as <code>Authorization: Bearer</code>, and kept for this tab only.
      </p>
      <label for="token">{labels.token}</label>
      <textarea
        id="token"
        rows={4}
        spellcheck={false}
        autocomplete="off"
        placeholder={labels.tokenHint}
        value={value}
        onInput={(event) => setValue(event.currentTarget.value)}
      />
      <button type="submit">{labels.signIn}</button>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** A national admin's start: the provinces. */
function Provinces({ token, onError }: { token: string; onError: (error: unknown) => void }) {
  const [provinces, setProvinces] = useState<{ id: string; name: string; nameLatin: string | null }[] | null>(null);
  useEffect(() => {
    request(ProvincesDocument, {}, token).then((data) => setProvinces(data.provinces.nodes), onError);
  }, [token]);
  const labels = LABELS.en;
  const sorted = useMemo(
    () => provinces?.slice().sort((a, b) => (a.nameLatin ?? a.name).localeCompare(b.nameLatin ?? b.name)),
    [provinces],
  );
  if (!sorted) return <p class="loading">{labels.loading}</p>;
  return (
    <section>
      <h2>{labels.network}</h2>
      <ul class="provinces">
        {sorted.map((p) => (
          <li key={p.id}>
            <a href={nodeHref(p.id)}>
              {p.name}
              {p.nameLatin && p.nameLatin !== p.name ? ` · ${p.nameLatin}` : ''}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
