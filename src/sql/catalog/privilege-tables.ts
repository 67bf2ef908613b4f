/**
 * The grant tables besides mysql.user, with live data from the account
 * store: mysql.db (schema grants), mysql.tables_priv (table grants),
 * mysql.proxies_priv (PROXY grants), the roles (MySQL's mysql.role_edges and
 * default_roles, MariaDB's roles_mapping). mysql.columns_priv and procs_priv
 * hold what the emulator models of column and routine grants: nothing, so
 * they are empty. Reading any of them
 * needs SELECT on it (1142); rows come in primary-key order.
 */
import type { Account } from '../../accounts/account.js';
import { DATABASE_PRIVILEGES, expandAll, TABLE_PRIVILEGES } from '../../accounts/privileges.js';
import type { TableContext } from '../context.js';
import { parseColumnType } from './column-type.js';
import { formatTimestamp } from './grant-tables.js';
import type { TableDefinition } from './model.js';
import type { RowRecord, TableRegistry } from './registry.js';

/** mysql.db's *_priv columns: the privilege each stands for (Grant_priv is the grant option). */
const DB_COLUMNS: Record<string, string> = {
  Select_priv: 'SELECT',
  Insert_priv: 'INSERT',
  Update_priv: 'UPDATE',
  Delete_priv: 'DELETE',
  Create_priv: 'CREATE',
  Drop_priv: 'DROP',
  References_priv: 'REFERENCES',
  Index_priv: 'INDEX',
  Alter_priv: 'ALTER',
  Create_tmp_table_priv: 'CREATE TEMPORARY TABLES',
  Lock_tables_priv: 'LOCK TABLES',
  Create_view_priv: 'CREATE VIEW',
  Show_view_priv: 'SHOW VIEW',
  Create_routine_priv: 'CREATE ROUTINE',
  Alter_routine_priv: 'ALTER ROUTINE',
  Execute_priv: 'EXECUTE',
  Event_priv: 'EVENT',
  Trigger_priv: 'TRIGGER',
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Primary-key order (the definition's PRIMARY KEY): Host parts case-insensitively, the others as bytes. */
const byKey = (rows: RowRecord[], definition: TableDefinition): RowRecord[] => {
  const parts = definition.indexes.find((i) => i.name === 'PRIMARY')?.columns.map((c) => c.name) ?? [];
  return rows.sort((x, y) => {
    for (const p of parts) {
      const a = String(x[p] ?? '');
      const b = String(y[p] ?? '');
      const c = p.toLowerCase().includes('host') ? cmp(a.toLowerCase(), b.toLowerCase()) : cmp(a, b);
      if (c !== 0) return c;
    }
    return 0;
  });
};

/** A privilege as a member of the table's SET column (`Select`, `Create View`, `Show view`), from its definition. */
function setMembers(definition: TableDefinition, column: string): (privilege: string) => string | undefined {
  const type = definition.columns.find((c) => c.name === column)?.columnType ?? '';
  const members = parseColumnType(type).members;
  return (privilege) => members.find((m) => m.toUpperCase() === privilege);
}

export function registerPrivilegeTables(registry: TableRegistry): void {
  const mysql = (name: string, records: (ctx: TableContext, accounts: readonly Account[], definition: TableDefinition) => RowRecord[]) =>
    registry.registerRecords({ schema: 'mysql', name, records: (ctx, definition) => records(ctx, ctx.server.accounts.list(), definition) });
  const granted = (ctx: TableContext) => formatTimestamp(registry.installTime(() => ctx.server.clock.now()));

  mysql('db', (_ctx, accounts, definition) => {
    const rows: RowRecord[] = [];
    for (const a of accounts) {
      for (const [db, grant] of a.databasePrivileges) {
        const held = expandAll(grant.privileges, DATABASE_PRIVILEGES);
        const row: RowRecord = { Host: a.host, Db: db, User: a.user, Grant_priv: grant.grantOption ? 'Y' : 'N', Delete_history_priv: held.has('DELETE HISTORY') || grant.privileges.has('ALL PRIVILEGES') ? 'Y' : 'N' };
        for (const [column, privilege] of Object.entries(DB_COLUMNS)) row[column] = held.has(privilege) ? 'Y' : 'N';
        rows.push(row);
      }
    }
    return byKey(rows, definition);
  });

  mysql('tables_priv', (ctx, accounts, definition) => {
    const member = setMembers(definition, 'Table_priv');
    const rows: RowRecord[] = [];
    for (const a of accounts) {
      for (const [key, grant] of a.tablePrivileges) {
        const dot = key.indexOf('.');
        const held = TABLE_PRIVILEGES.filter((p) => expandAll(grant.privileges, TABLE_PRIVILEGES).has(p));
        if (grant.grantOption) held.push('GRANT');
        const names = held.map(member).filter((m): m is string => m !== undefined);
        rows.push({ Host: a.host, Db: key.slice(0, dot), User: a.user, Table_name: key.slice(dot + 1), Grantor: '', Timestamp: granted(ctx), Table_priv: names.join(','), Column_priv: '' });
      }
    }
    return byKey(rows, definition);
  });

  // MySQL 8's role graph (mysql.role_edges: one row per role granted) and default roles.
  mysql('role_edges', (_ctx, accounts, definition) => {
    const rows: RowRecord[] = [];
    for (const a of accounts) {
      for (const r of a.roles) rows.push({ FROM_HOST: r.host, FROM_USER: r.user, TO_HOST: a.host, TO_USER: a.user, WITH_ADMIN_OPTION: r.adminOption ? 'Y' : 'N' });
    }
    return byKey(rows, definition);
  });
  mysql('default_roles', (_ctx, accounts, definition) => {
    const rows: RowRecord[] = [];
    for (const a of accounts) for (const r of a.defaultRoles) rows.push({ HOST: a.host, USER: a.user, DEFAULT_ROLE_HOST: r.host, DEFAULT_ROLE_USER: r.user });
    return byKey(rows, definition);
  });
  // MariaDB's mysql.roles_mapping: an Aria table read in the order its rows were written.
  mysql('roles_mapping', (_ctx, accounts) => {
    const rows: (RowRecord & { seq: number })[] = [];
    for (const a of accounts) for (const r of a.roles) rows.push({ Host: a.host, User: a.user, Role: r.user, Admin_option: r.adminOption ? 'Y' : 'N', seq: r.seq });
    return rows.sort((x, y) => x.seq - y.seq).map(({ seq: _seq, ...row }) => row);
  });

  mysql('proxies_priv', (ctx, accounts, definition) => {
    const rows: RowRecord[] = [];
    for (const a of accounts) {
      for (const p of a.proxyGrants) {
        rows.push({ Host: a.host, User: a.user, Proxied_host: p.host, Proxied_user: p.user, With_grant: p.grantOption ? 1 : 0, Grantor: '', Timestamp: granted(ctx) });
      }
    }
    return byKey(rows, definition);
  });
}
