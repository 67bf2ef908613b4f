/**
 * SHOW CREATE TABLE's text, printed from a table's definition the way each
 * server family prints it (sql_show.cc store_create_info in MySQL 5.x and
 * 8.x, MariaDB's show.cc). Where a server's exact text is known and this
 * prints it differently, the definitions keep that text instead
 * (scripts/generate-catalog.mjs drops every exact text this reproduces).
 */
import { COLLATIONS } from '../../config/charsets.js';
import type { CatalogDialect, ColumnDefinition, IndexDefinition, TableDefinition } from './model.js';
import { parseColumnType } from './column-type.js';

const quoteName = (name: string): string => '`' + name.replace(/`/g, '``') + '`';

/** A string literal as SHOW CREATE TABLE quotes it: MySQL escapes with backslashes, MariaDB doubles quotes. */
function quoteString(value: string, dialect: CatalogDialect): string {
  if (dialect === 'mariadb') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

interface Coll {
  name: string;
  charset: string;
  primary: boolean;
}

/** A collation as this dialect names it: its charset and whether it is the charset's default. */
function coll(name: string, dialect: CatalogDialect): Coll {
  const canonical = name.toLowerCase().replace(/^utf8_/, 'utf8mb3_');
  const info = COLLATIONS.find((c) => c.name === canonical);
  let charset = name.slice(0, name.indexOf('_'));
  if (charset === 'utf8' && dialect === 'mysql-8') charset = 'utf8mb3';
  const primary = info ? (dialect === 'mysql-8' ? info.isDefault.mysql8 : info.isDefault.other) : false;
  return { name, charset, primary };
}

const isBlobType = (base: string): boolean => /blob$|text$/.test(base) || base === 'geometry';

function columnLine(c: ColumnDefinition, table: TableDefinition, dialect: CatalogDialect): string {
  const t = parseColumnType(c.columnType);
  let line = `  ${quoteName(c.name)} ${c.columnType}`;
  if (c.collation !== null && table.collation !== null) {
    const col = coll(c.collation, dialect);
    const tab = coll(table.collation, dialect);
    if (dialect === 'mariadb') {
      if (col.name !== tab.name) line += ` CHARACTER SET ${col.charset} COLLATE ${col.name}`;
    } else if (dialect === 'mysql-5') {
      if (col.name !== tab.name) line += ` CHARACTER SET ${col.charset}`;
      if (!col.primary) line += ` COLLATE ${col.name}`;
    } else {
      if (col.charset !== tab.charset || (col.name !== tab.name && tab.primary)) line += ` CHARACTER SET ${col.charset}`;
      if (col.name !== tab.name || !col.primary) line += ` COLLATE ${col.name}`;
    }
  }
  if (dialect === 'mariadb') {
    if (!c.nullable) line += ' NOT NULL';
    if (c.default !== null) line += ` DEFAULT ${c.default}`;
  } else {
    if (!c.nullable) line += ' NOT NULL';
    else if (t.base === 'timestamp') line += ' NULL';
    if (c.default !== null) {
      const expression = /^current_timestamp/i.test(c.default) || (/DEFAULT_GENERATED/.test(c.extra) && /^[a-z_]+\(/i.test(c.default));
      // MySQL 8's information_schema reports '' as every column's default; a number's is '0'.
      const value = c.default === '' && /int$|decimal|float|double/.test(t.base) ? '0' : c.default;
      line += ` DEFAULT ${expression ? value : quoteString(value, dialect)}`;
    } else if (c.nullable && !isBlobType(t.base)) {
      line += ' DEFAULT NULL';
    }
  }
  const onUpdate = /on update (\S+)/i.exec(c.extra);
  if (onUpdate) line += ` ON UPDATE ${onUpdate[1]}`;
  if (/auto_increment/i.test(c.extra)) line += ' AUTO_INCREMENT';
  if (c.comment !== '') line += ` COMMENT ${quoteString(c.comment, dialect)}`;
  return line;
}

function indexLine(index: IndexDefinition, dialect: CatalogDialect): string {
  const columns = index.columns
    .map((c) => quoteName(c.name) + (c.subPart !== null ? `(${c.subPart})` : '') + (c.collation === 'D' ? ' DESC' : ''))
    .join(',');
  let line: string;
  if (index.name === 'PRIMARY') line = `  PRIMARY KEY (${columns})`;
  else if (index.type === 'FULLTEXT') line = `  FULLTEXT KEY ${quoteName(index.name)} (${columns})`;
  else line = `  ${index.unique ? 'UNIQUE KEY' : 'KEY'} ${quoteName(index.name)} (${columns})`;
  if (index.comment !== '') line += ` COMMENT ${quoteString(index.comment, dialect)}`;
  if (!index.visible) line += dialect === 'mariadb' ? ' IGNORED' : ' /*!80000 INVISIBLE */';
  return line;
}

function tableOptions(table: TableDefinition, dialect: CatalogDialect): string {
  const parts: string[] = [];
  const innodbInMysql = table.schema === 'mysql' && table.engine === 'InnoDB';
  if (dialect === 'mysql-8' && innodbInMysql) parts.push('/*!50100 TABLESPACE `mysql` */');
  if (table.engine !== null) parts.push(`ENGINE=${table.engine}`);
  if (table.collation !== null) {
    const c = coll(table.collation, dialect);
    parts.push(`DEFAULT CHARSET=${c.charset}`);
    if (dialect === 'mariadb' || !c.primary || (dialect === 'mysql-8' && c.name === 'utf8mb4_0900_ai_ci')) parts.push(`COLLATE=${c.name}`);
  }
  if (dialect === 'mariadb' && table.engine === 'Aria') {
    const transactional = /transactional=1/.test(table.createOptions);
    parts.push(`PAGE_CHECKSUM=${transactional ? 1 : 0}`);
    if (transactional) parts.push('TRANSACTIONAL=1');
  }
  if (innodbInMysql) parts.push('STATS_PERSISTENT=0');
  if (dialect === 'mysql-8' && innodbInMysql) parts.push(`ROW_FORMAT=${(table.rowFormat ?? 'Dynamic').toUpperCase()}`);
  if (table.comment !== '' && table.type !== 'VIEW') parts.push(`COMMENT=${quoteString(table.comment, dialect)}`);
  return parts.join(' ');
}

/** SHOW CREATE TABLE's text for a base table (or an information_schema table, which servers show as a TEMPORARY table). */
export function renderCreateTable(table: TableDefinition, dialect: CatalogDialect): string {
  if (table.createTable !== null) return table.createTable;
  const lines = table.columns.map((c) => columnLine(c, table, dialect));
  for (const index of table.indexes) lines.push(indexLine(index, dialect));
  const head = table.type === 'SYSTEM VIEW' ? 'CREATE TEMPORARY TABLE' : 'CREATE TABLE';
  return `${head} ${quoteName(table.name)} (\n${lines.join(',\n')}\n) ${tableOptions(table, dialect)}`;
}
