// Prints a development token for the gateway: `npm run token -- <role> [nodeId]` (or `pnpm token ...`).
// Signed with authConfigFromEnv() (AUTH_TOKEN_SECRET, or the development default), valid 8 hours.
const auth = await import('../packages/auth/dist/index.js').catch(() => {
  console.error('token: packages/auth is not built yet: run `pnpm build` first');
  process.exit(1);
});
const { Role, authConfigFromEnv, signUserToken } = auth;

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

const identity = { subject: `dev-${roleName}`, role, scopeNodeId: nodeId ?? null };
console.log(signUserToken(identity, authConfigFromEnv().userTokenSecret));
