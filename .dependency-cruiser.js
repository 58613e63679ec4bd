// The platform's walls, checked by `npm test` (node scripts/check-dependencies.mjs runs depcruise
// with --ignore-known .dependency-cruiser-known-violations.json). Every rule is an error; the
// known-violations file lists the few that today's code still breaks, one dependency each, so
// that they are fixed and removed from it, never added to (regenerate it only to shrink it; see
// scripts/check-dependencies.mjs). Paths are relative to the repository root; workspace packages
// (@funds/x) resolve to packages/x, so the rules match packages/x/ whether built or not.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'packages-never-import-services',
      comment: 'packages/* hold what every service shares; they never depend on a service or on the gateway.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: ['^services/', '^gateway/', '^@funds/(membership|savings-loan|reporting|gateway)$'] },
    },
    {
      name: 'money-core-knows-no-graphql',
      comment:
        "The ledger's money type (packages/money: currency, decimal, money) is plain arithmetic: no GraphQL, no database. The Decimal scalar and the numeric transformer sit beside it, apart.",
      severity: 'error',
      from: { path: '^packages/money/src/(currency|decimal|money)\\.ts$' },
      to: { path: ['graphql', 'type-graphql', 'typeorm', '^packages/money/src/(scalar|transformer)\\.ts$'] },
    },
    {
      name: 'services-never-import-each-other',
      comment: 'Services share data only through the federated graph and domain events (DESIGN.md section 3).',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: ['^services/', '^@funds/(membership|savings-loan|reporting)$'], pathNot: '^services/$1/' },
    },
    {
      name: 'gateway-never-imports-services',
      comment:
        'The gateway knows the subgraphs by URL and the composed supergraph, never by code. (Its end-to-end tests may start the real platform.)',
      severity: 'error',
      from: { path: '^gateway/src/' },
      to: { path: ['^services/', '^@funds/(membership|savings-loan|reporting)$'] },
    },
    {
      name: 'apps-use-only-the-public-api',
      comment:
        'apps/* (the dashboard) are the proof that a third-party app can be built on the public GraphQL API: they import no code of the platform, only the committed schema through their generated types.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: ['^packages/', '^services/', '^gateway/', '^@funds/'] },
    },
    {
      name: 'platform-never-imports-apps',
      comment: 'The gateway serves the built files of apps/* (a folder), the platform never imports their code.',
      severity: 'error',
      from: { path: '^(packages|services|gateway)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'resolvers-never-import-the-database',
      comment:
        'Resolvers are GraphQL only: they call services and loaders, never TypeORM, the database kit, the event kit (services record events), a repository or the data source (CONVENTIONS.md, module anatomy).',
      severity: 'error',
      from: { path: '\\.resolver\\.ts$' },
      to: {
        path: [
          'node_modules/typeorm/',
          'node_modules/pg/',
          '^typeorm$',
          '^packages/db-kit/',
          '^@funds/db-kit$',
          '^packages/events/',
          '^@funds/events$',
          '\\.repository\\.ts$',
          '/src/database\\.ts$',
        ],
      },
    },
    {
      name: 'no-circular-modules',
      comment:
        'Feature modules of a service (services/x/src/modules/<module>) form no cycle: when two need each other, one owns the shared part (e.g. hierarchy and member).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^services/[^/]+/src/modules/[^/]+$' },
      to: { path: '^services/[^/]+/src/modules/[^/]+$', circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would hide a dependency from every rule above.',
      severity: 'error',
      from: { path: '^(packages|services|gateway|apps)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Our own sources are cruised; node_modules and built packages (@funds/x resolves to
    // packages/x/dist, so `npm test` builds first) are reached, so rules can name them, but not followed.
    doNotFollow: { path: ['node_modules', '^packages/[^/]+/dist/'] },
    // The dashboard's generated operation types (GraphQL Code Generator) import a types-only package.
    exclude: { path: ['\\.d\\.ts$', '^apps/[^/]+/src/generated/'] },
    // `import type` counts: a resolver that names the DataSource type reaches for the database.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    combinedDependencies: false,
    preserveSymlinks: false,
    // Resolve as Node does (package exports, no `types` condition: a .d.ts would hide the package).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
