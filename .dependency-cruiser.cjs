/**
 * The layer rules of docs/architecture.md, checked by `npm test` (npm run lint:deps).
 * Type-only imports count (tsPreCompilationDeps). A connection flows
 *   server -> protocol -> auth | session -> sql -> accounts
 * and every layer may use the leaves: config/, errors/, wire/, clock.ts, turns.ts (slot-list.ts: the session layer and the edges).
 * server/, index.ts and cli.ts are the edges (the composition root) and may use anything.
 */
const layer = (name, path, allowed) => ({
  name: `${name}-imports-only-below`,
  comment: `${name} may import only: ${allowed.join(', ')}`,
  severity: 'error',
  from: { path },
  to: { pathNot: [path, ...allowed.map((a) => `^src/${a}`)], path: '^src/' },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('errors', '^src/errors/', []),
    layer('wire', '^src/wire/', ['errors/']),
    layer('clock', '^src/clock\\.ts$', []),
    layer('turns', '^src/turns\\.ts$', []),
    layer('slot-list', '^src/slot-list\\.ts$', []),
    layer('config', '^src/config/', ['errors/', 'wire/']),
    layer('accounts', '^src/accounts/', ['config/', 'errors/', 'clock\\.ts$']),
    layer('auth', '^src/auth/', ['accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$', 'turns\\.ts$']),
    layer('sql', '^src/sql/', ['accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$']),
    layer('session', '^src/session/', ['sql/', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$', 'turns\\.ts$', 'slot-list\\.ts$']),
    layer('protocol', '^src/protocol/', ['auth/', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$', 'turns\\.ts$']),
    // Inside sql/: parse <- expr <- catalog <- exec <- statements; context.ts and access.ts are shared.
    layer('sql-parse', '^src/sql/parse/', ['sql/context\\.ts$', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$']),
    layer('sql-expr', '^src/sql/expr/', ['sql/parse/', 'sql/context\\.ts$', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$']),
    layer('sql-catalog', '^src/sql/catalog/', ['sql/expr/', 'sql/parse/', 'sql/context\\.ts$', 'sql/access\\.ts$', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$']),
    layer('sql-exec', '^src/sql/exec/', ['sql/catalog/', 'sql/expr/', 'sql/parse/', 'sql/context\\.ts$', 'sql/access\\.ts$', 'accounts/', 'config/', 'errors/', 'wire/', 'clock\\.ts$']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
