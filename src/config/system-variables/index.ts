/**
 * The system and status variables of each server as data (generated from the
 * research tables by scripts/generate-system-variables.mjs). Each table is one
 * tab-separated text, decoded only for the profile a server plays.
 */
import { mariadb_10_11_status, mariadb_10_11_system } from './mariadb-10.11.js';
import { mysql_5_6_status, mysql_5_6_system } from './mysql-5.6.js';
import { mysql_5_7_status, mysql_5_7_system } from './mysql-5.7.js';
import { mysql_8_0_status, mysql_8_0_system } from './mysql-8.0.js';
import { mysql_8_4_status, mysql_8_4_system } from './mysql-8.4.js';

export type VariableTable = 'mysql-8.4' | 'mysql-8.0' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb-10.11';

/** One system variable as the table gives it. */
export interface RawSystemVariable {
  name: string;
  scope: 'global' | 'session' | 'both';
  dynamic: boolean;
  nullable: boolean;
  type: 'bool' | 'int' | 'uint' | 'float' | 'enum' | 'set' | 'string' | 'filename';
  /** As SHOW VARIABLES prints it; null for NULL. */
  default: string | null;
  min?: string;
  max?: string;
  values?: string[];
}

const TABLES: Record<VariableTable, { system: string; status: string }> = {
  'mysql-8.4': { system: mysql_8_4_system, status: mysql_8_4_status },
  'mysql-8.0': { system: mysql_8_0_system, status: mysql_8_0_status },
  'mysql-5.7': { system: mysql_5_7_system, status: mysql_5_7_status },
  'mysql-5.6': { system: mysql_5_6_system, status: mysql_5_6_status },
  'mariadb-10.11': { system: mariadb_10_11_system, status: mariadb_10_11_status },
};

const SCOPES = { g: 'global', s: 'session', b: 'both' } as const;

/** Decoded tables: immutable data shared by every server of a profile (not per-server state). */
const decoded = new Map<VariableTable, readonly RawSystemVariable[]>();

/** The system variables of a server (names as SHOW VARIABLES prints them, sorted). */
export function systemVariableTable(table: VariableTable): readonly RawSystemVariable[] {
  let rows = decoded.get(table);
  if (!rows) {
    rows = decode(table);
    decoded.set(table, rows);
  }
  return rows;
}

function decode(table: VariableTable): RawSystemVariable[] {
  return TABLES[table].system
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name, flags, type, def, min, max, values] = line.split('\t') as [string, string, RawSystemVariable['type'], string, string, string, string];
      const v: RawSystemVariable = {
        name,
        scope: SCOPES[flags[0] as 'g' | 's' | 'b'],
        dynamic: flags.includes('d'),
        nullable: flags.includes('n'),
        type,
        default: def === '\\N' ? null : def,
      };
      if (min) v.min = min;
      if (max) v.max = max;
      if (values) v.values = values.split(',');
      return v;
    });
}

/** The status variables of a server: name and whether it also has a session value. */
export function statusVariableTable(table: VariableTable): { name: string; scope: 'global' | 'session' | 'both' }[] {
  return TABLES[table].status
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name, scope] = line.split('\t') as [string, 'g' | 's' | 'b'];
      return { name, scope: SCOPES[scope] };
    });
}
