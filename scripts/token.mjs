// Prints a development token for the gateway: `npm run token -- <role> [nodeId]` (or `pnpm token ...`).
// Signed with AUTH_TOKEN_SECRET (packages/config: the development default unless set), valid 8 hours.
const [auth, configModule] = await Promise.all([
  import('../packages/auth/dist/index.js'),
  import('../packages/config/dist/index.js'),
]).catch(() => {
  console.error('token: the packages are not built yet: run `pnpm build` first');
  process.exit(1);
});
const { Role, signUserToken } = auth;
const { loadConfig } = configModule;

const ROLE_NAMES = {
  'national-admin': Role.NATIONAL_ADMIN,
  'regional-admin': Role.REGIONAL_ADMIN,
  'fund-officer': Role.FUND_OFFICER,
  'dashboard-viewer': Role.DASHBOARD_VIEWER,
};
const NODE_HINT = {
  'regional-admin': 'a County id',
  'fund-officer': 'a Fund id',
  'dashboard-viewer': 'the id of the node (County, Village, Fund) the dashboard covers',
};

function usage(problem) {
  console.error(`token: ${problem}`);
  console.error('usage: npm run token -- <role> [nodeId]');
  console.error(`  roles: ${Object.keys(ROLE_NAMES).join(', ')}`);
  console.error('  every role but national-admin needs the id of the node it is limited to, e.g.');
  console.error('  npm run token -- regional-admin <countyId>');
  process.exit(1);
}

const [roleName, nodeId, ...rest] = process.argv.slice(2);
if (!roleName) usage('give a role');
const role = ROLE_NAMES[roleName];
if (!role) usage(`unknown role '${roleName}'`);
if (rest.length) usage('too many arguments');
if (role !== Role.NATIONAL_ADMIN && !nodeId) usage(`${roleName} is limited to one node: give ${NODE_HINT[roleName]}`);
if (role === Role.NATIONAL_ADMIN && nodeId) usage('national-admin sees the whole network: give no nodeId');

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`token: ${error.message}`);
  process.exit(1);
}
if (config.MODE === 'production' && !config.AUTH_DEV_TOKENS) {
  console.error(
    'token: MODE=production without AUTH_DEV_TOKENS=true: the gateway accepts no development tokens; use your identity provider',
  );
  process.exit(1);
}
if (!config.AUTH_DEV_TOKENS)
  console.error('token: warning: AUTH_DEV_TOKENS is off in this environment; a gateway configured so refuses this token');
const identity = { subject: `dev-${roleName}`, role, scopeNodeId: nodeId ?? null };
console.log(signUserToken(identity, config.AUTH_TOKEN_SECRET));
