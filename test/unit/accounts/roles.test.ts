/**
 * The role graph and partial revokes as pure domain functions
 * (src/accounts/roles.ts, partial-revokes.ts), against what MySQL's
 * sql_authorization.cc and partial_revokes.cc do.
 */
import { describe, expect, it } from 'vitest';
import { newAccount, type Account } from '../../../src/accounts/account.js';
import {
  databaseGrant,
  databaseRevoke,
  restrictionsAfterGlobalGrant,
  restrictionsJson,
  type PartialRevokeGrantee,
} from '../../../src/accounts/partial-revokes.js';
import {
  addRoleGrant,
  currentRoleText,
  forgetAuthIds,
  grantWouldLoop,
  mergeActiveRoles,
  parseMandatoryRoles,
  reachableRoles,
  removeRoleGrant,
  rolesAtLogin,
} from '../../../src/accounts/roles.js';

function graph() {
  const accounts = new Map<string, Account>();
  const make = (user: string, host = '%') => {
    const a = newAccount(user, host, 'caching_sha2_password', 0);
    accounts.set(`${user}@${host}`, a);
    return a;
  };
  const find = (user: string, host: string) => accounts.get(`${user}@${host}`);
  return { make, find };
}

describe('role graph', () => {
  it('reaches roles breadth first and finds loops, through mandatory roles too', () => {
    const { make, find } = graph();
    const u = make('u');
    const a = make('a');
    const b = make('b');
    const c = make('c');
    addRoleGrant(u, a, false);
    addRoleGrant(a, b, false);
    addRoleGrant(b, c, true);
    expect(reachableRoles(find, u).map((x) => x.user)).toEqual(['u', 'a', 'b', 'c']);
    expect(grantWouldLoop(find, c, u, [])).toBe(false);
    expect(grantWouldLoop(find, a, c, [])).toBe(true);
    const m = make('m');
    addRoleGrant(m, u, false);
    expect(grantWouldLoop(find, make('x'), u, [{ user: 'm', host: '%' }])).toBe(true);
  });

  it('merges active roles only when still granted, and collects WITH ADMIN roles', () => {
    const { make, find } = graph();
    const u = make('u');
    const r = make('r');
    const s = make('s');
    r.globalPrivileges.add('SELECT');
    r.databasePrivileges.set('app', { privileges: new Set(['INSERT']), grantOption: false });
    s.dynamicPrivileges.set('ROLE_ADMIN', false);
    addRoleGrant(u, r, true);
    addRoleGrant(r, s, true);
    const merged = mergeActiveRoles(find, u, [{ user: 'r', host: '%' }], [], false);
    expect([...merged.account.globalPrivileges]).toEqual(['SELECT']);
    expect(merged.account.databasePrivileges.get('app')?.privileges.has('INSERT')).toBe(true);
    expect(merged.account.dynamicPrivileges.has('ROLE_ADMIN')).toBe(true);
    expect([...merged.adminRoles].sort()).toEqual(['`r`@`%`', '`s`@`%`']);
    expect(u.globalPrivileges.size).toBe(0);
    removeRoleGrant(u, r);
    expect(mergeActiveRoles(find, u, [{ user: 'r', host: '%' }], [], false).account.globalPrivileges.size).toBe(0);
  });

  it('login roles: default roles still granted, or every granted and mandatory role', () => {
    const { make } = graph();
    const u = make('u');
    const r = make('r');
    addRoleGrant(u, r, false);
    u.defaultRoles = [{ user: 'r', host: '%' }, { user: 'gone', host: '%' }];
    expect(rolesAtLogin(u, [], false)).toEqual([{ user: 'r', host: '%' }]);
    expect(rolesAtLogin(u, [{ user: 'm', host: '%' }], true)).toEqual([{ user: 'r', host: '%' }, { user: 'm', host: '%' }]);
    expect(forgetAuthIds(u, [r])).toBe(true);
    expect(u.roles).toEqual([]);
  });

  it('mandatory_roles is read as get_mandatory_roles() reads it', () => {
    const { make, find } = graph();
    make('b');
    make('a', 'localhost');
    expect(parseMandatoryRoles("`b`, 'a'@'localhost',missing, b@%", find)).toEqual([
      { user: 'a', host: 'localhost' },
      { user: 'b', host: '%' },
    ]);
    expect(currentRoleText([{ user: 'b', host: '%' }, { user: 'a', host: 'localhost' }])).toBe('`a`@`localhost`,`b`@`%`');
    expect(currentRoleText([])).toBe('NONE');
  });
});

describe('partial revokes', () => {
  const grantee = (global: string[], restrictions: [string, string[]][] = [], db: Record<string, string[]> = {}): PartialRevokeGrantee => ({
    user: 'u',
    host: '%',
    global: new Set(global),
    restrictions: new Map(restrictions.map(([d, p]) => [d, new Set(p)])),
    dbAccess: (d) => new Set(db[d] ?? []),
  });

  it('a schema REVOKE under a global grant becomes a restriction; a schema GRANT lifts it', () => {
    const revoked = databaseRevoke(grantee(['SELECT', 'INSERT']), 'mysql', new Set(['SELECT']));
    expect(restrictionsJson(revoked.restrictions)).toEqual([{ Database: 'mysql', Privileges: ['SELECT'] }]);
    expect([...revoked.remaining]).toEqual([]);
    const granted = databaseGrant(grantee(['SELECT'], [['mysql', ['SELECT']]]), 'mysql', new Set(['SELECT']));
    expect(granted.restrictions.size).toBe(0);
    expect([...granted.remaining]).toEqual([]);
  });

  it('a restricted grantor passes its restriction on unless the grantee holds the privilege there (Bug#38921524)', () => {
    const grantor = { user: 'g', host: '%', global: new Set(['SELECT', 'CREATE TEMPORARY TABLES']), restrictions: new Map([['mysql', new Set(['CREATE TEMPORARY TABLES'])]]) };
    const plain = restrictionsAfterGlobalGrant(grantor, grantee([]), new Set(['CREATE TEMPORARY TABLES']));
    expect(restrictionsJson(plain)).toEqual([{ Database: 'mysql', Privileges: ['CREATE TEMPORARY TABLES'] }]);
    const withDbGrant = restrictionsAfterGlobalGrant(grantor, grantee([], [], { mysql: ['CREATE TEMPORARY TABLES'] }), new Set(['CREATE TEMPORARY TABLES']));
    expect(withDbGrant.size).toBe(0);
  });
});
