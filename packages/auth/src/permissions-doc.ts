import { ACTORS, Actor, PERMISSIONS, Permission, SCOPE_LEVELS, ScopeRule, Target } from './permissions';

const SCOPE_WORDS: Record<ScopeRule, string> = {
  [ScopeRule.ANYWHERE]: 'no node is targeted: allowed wherever the caller sits',
  [ScopeRule.IN_SCOPE]: "a list: answers only what lies inside the caller's scope, never refuses",
  [ScopeRule.AT_OR_BELOW]: "the target is the caller's scope node or lies under it",
  [ScopeRule.STRICTLY_BELOW]: "the target lies under the caller's scope node, not on it (a node is managed from the level above)",
  [ScopeRule.IN_FUND]: "the caller's scope node is a fund and the target is that fund or lies in it",
};

const ACTOR_HEADS: Record<Actor, string> = {
  NATIONAL_ADMIN: 'National admin',
  REGIONAL_ADMIN: 'Regional admin',
  FUND_OFFICER: 'Fund officer',
  DASHBOARD_VIEWER: 'Dashboard viewer',
  'PARTNER_APP:PORTFOLIO_READ': 'Partner app PORTFOLIO_READ',
  'PARTNER_APP:FUND_WRITE': 'Partner app FUND_WRITE',
};

const targetName = (t: Target) => [t.arg ? `\`${t.arg}\`` : null, t.levels ? t.levels.map((l) => l.toLowerCase()).join(', ') : null];

function cell(p: Permission, actor: Actor): string {
  const parts = p.targets.map((t) => {
    const rule = t.allow[actor] ?? '—';
    if (p.targets.length === 1) return rule;
    const [arg, levels] = targetName(t);
    return `${levels ?? (p.targets.some((o) => o.levels && o.arg === t.arg) ? 'other levels' : arg)}: ${rule}`;
  });
  return parts.join('<br>');
}

function section(title: string, rows: Permission[]): string[] {
  const head = `| ${title} | ${ACTORS.map((a) => ACTOR_HEADS[a]).join(' | ')} |`;
  const rule = `|${' --- |'.repeat(ACTORS.length + 1)}`;
  return [head, rule, ...rows.map((p) => `| \`${p.operation}\` | ${ACTORS.map((a) => cell(p, a)).join(' | ')} |`), ''];
}

function details(p: Permission): string {
  const targets = p.targets
    .filter((t) => t.arg || t.node)
    .map((t) => `${t.arg ? `\`${t.arg}\`` : 'the object'}${t.levels ? ` at ${t.levels.join(', ')}` : ''} (${t.node ?? 'its node'})`);
  const on = targets.length ? `checked on ${[...new Set(targets)].join('; ')}. ` : 'targets no node. ';
  return `- \`${p.operation}\`: ${on}${p.why}`;
}

/** docs/permissions.md, printed from the permission table (scripts/permissions-doc.mjs writes it; a test compares). */
export function permissionsMarkdown(): string {
  const of = (kind: Permission['kind']) => PERMISSIONS.filter((p) => p.kind === kind);
  return [
    '# Permissions',
    '',
    '<!-- Generated from packages/auth/src/permissions.ts by `pnpm docs:permissions`. Do not edit by hand: a test fails when this page and the table differ. -->',
    '',
    'One table says who may do what, and where: the resolvers authorize every operation by its name against it',
    '(`Access.authorize` in the membership service), this page is printed from it, and the permission matrix test',
    '(`test/e2e/permission-matrix.test.ts`) runs every role, placed at the target, above it, beside it and below it,',
    'against every root query and mutation through the gateway, expecting exactly what the table says.',
    '',
    '## How to read a cell',
    '',
    'A cell names the scope rule the caller is held to; `—` means the caller is refused (`FORBIDDEN`).',
    "A national admin's scope is the whole network. Whatever the rule, a node outside the caller's scope is answered",
    'as one that does not exist: `NOT_FOUND` on the argument that names it (`null` for `node(id)` and nested fields),',
    'with the message of an unknown id, before any role is checked. Inside the scope, a refusal is `FORBIDDEN`.',
    '',
    ...Object.values(ScopeRule).map((r) => `- \`${r}\`: ${SCOPE_WORDS[r]}.`),
    '',
    'A partner app acts per grant: `PORTFOLIO_READ` reads the hierarchy and its counts under its node (as a dashboard',
    'viewer); `FUND_WRITE` keeps the records of the one fund its key is scoped to (as a fund officer). A key with both',
    'grants may do what either allows.',
    '',
    '## Where each caller is placed',
    '',
    "A caller's scope node must lie at a level its role works at; a token placed anywhere else is refused",
    '(`INVALID_TOKEN`, HTTP 401) before any rule below is asked.',
    '',
    '| Caller | Scope node |',
    '| --- | --- |',
    ...ACTORS.map(
      (a) =>
        `| ${ACTOR_HEADS[a]} | ${SCOPE_LEVELS[a].length ? SCOPE_LEVELS[a].map((l) => l.toLowerCase()).join(', ') : 'none (the whole network)'} |`,
    ),
    '',
    '## Root queries',
    '',
    ...section('Query', of('query')),
    '## Mutations',
    '',
    ...section('Mutation', of('mutation')),
    '## Personal data (field rules)',
    '',
    'Members are people. Opening a member at all (`node(id)` on a member, `Fund.members`, `Group.members`,',
    '`Officer.member`, and the export lists `Province.members`, `County.members`, `Village.members`) is for the',
    'admins, the officers of the fund and a `FUND_WRITE` app of the fund (whose scope is its fund, so it never opens',
    'an area above it): such an app',
    "needs names, status and group to record a member's transactions. Dashboard viewers and `PORTFOLIO_READ` apps",
    'read counts, never people. The fields below are personal data proper and are read only by the people who work',
    'with the person (national and regional admins within their scope, officers of the fund), never by a partner',
    'app of any grant. A caller refused a field gets `FORBIDDEN` on that field (its `field` names it) and never its',
    'value; where the field is non-null, the member object holding it is then null in the answer. A mutation that',
    'returns a member (enrolMember, updateMember, ...) still runs: a FUND_WRITE app selects only the fields it may read.',
    'Events carry none of them; for masking in the audit log and in log lines see [security.md](security.md).',
    '',
    ...section('Field', of('field')),
    '## Why each rule',
    '',
    ...PERMISSIONS.map(details),
    '',
  ].join('\n');
}
