/**
 * Error names -> numbers for `--error ER_...`, as mysqltest resolves them
 * from the server's own list (mysqld_ername.h, generated from
 * share/messages_to_clients.txt in MySQL, sql/share/errmsg-utf8.txt in MariaDB).
 *
 * Sources, in order:
 *  1. error-names.json: every name the suites use, with the number per
 *     vendor and where it was confirmed (curated; wins over the tables below).
 *  2. MySQL: mysql2's lib/constants/errors.js, generated from MySQL 8.0.33's
 *     mysqld_error.h (1971 names). MariaDB: the mariadb connector's
 *     lib/const/error-code.js, generated from MariaDB 12.0's error list.
 *     Both packages are installed dev dependencies; their files are read by
 *     path because neither package exports them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import curatedJson from './error-names.json' with { type: 'json' };

export type Vendor = 'mysql' | 'mariadb';

interface CuratedEntry {
  number: number;
  sqlstate?: string;
  source: string;
}
interface Curated {
  mysql: Record<string, CuratedEntry>;
  mariadb: Record<string, CuratedEntry>;
}

const require = createRequire(import.meta.url);
const curated = curatedJson as unknown as Curated;

/** A file of an installed package, found from its entry point (neither package exports these files or its package.json). */
function packageFile(pkg: string, file: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes(`"name": "${pkg}"`)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${pkg} not found`);
    dir = up;
  }
  return join(dir, file);
}

let mysqlTable: Record<string, number> | undefined;
let mariadbTable: Record<string, number> | undefined;

/** MySQL's names (mysql2's generated constants). */
export function mysqlErrorTable(): Record<string, number> {
  if (!mysqlTable) {
    const raw = require(packageFile('mysql2', 'lib/constants/errors.js')) as Record<string, unknown>;
    mysqlTable = Object.fromEntries(Object.entries(raw).filter(([k, v]) => /^[A-Z_0-9]+$/.test(k) && typeof v === 'number')) as Record<string, number>;
  }
  return mysqlTable;
}

/** MariaDB's names (the mariadb connector's generated code -> name table, inverted). */
export function mariadbErrorTable(): Record<string, number> {
  if (!mariadbTable) {
    const text = readFileSync(packageFile('mariadb', 'lib/const/error-code.js'), 'utf8');
    mariadbTable = {};
    for (const m of text.matchAll(/codes\[(\d+)\] = '([A-Z_0-9]+)'/g)) mariadbTable[m[2]!] ??= Number(m[1]);
  }
  return mariadbTable;
}

export function curatedErrorNames(): Curated {
  return curated;
}

export function resolveErrorName(name: string, vendor: Vendor): number | undefined {
  const c = curated[vendor][name];
  if (c) return c.number;
  return (vendor === 'mysql' ? mysqlErrorTable() : mariadbErrorTable())[name];
}
