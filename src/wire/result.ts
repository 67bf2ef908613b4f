/** What an executed statement hands back to the protocol layer: result sets, OK counters, errors. */
import type { MySqlError } from '../errors/mysql-error.js';

/** MySQL column types (enum_field_types). */
export const ColumnType = {
  DECIMAL: 0x00,
  TINY: 0x01,
  SHORT: 0x02,
  LONG: 0x03,
  FLOAT: 0x04,
  DOUBLE: 0x05,
  NULL: 0x06,
  TIMESTAMP: 0x07,
  LONGLONG: 0x08,
  INT24: 0x09,
  DATE: 0x0a,
  TIME: 0x0b,
  DATETIME: 0x0c,
  YEAR: 0x0d,
  VARCHAR: 0x0f,
  BIT: 0x10,
  JSON: 0xf5,
  NEWDECIMAL: 0xf6,
  ENUM: 0xf7,
  SET: 0xf8,
  TINY_BLOB: 0xf9,
  MEDIUM_BLOB: 0xfa,
  LONG_BLOB: 0xfb,
  BLOB: 0xfc,
  VAR_STRING: 0xfd,
  STRING: 0xfe,
} as const;
export type ColumnTypeCode = (typeof ColumnType)[keyof typeof ColumnType];

/** Column definition flags. */
export const ColumnFlag = {
  NOT_NULL: 0x0001,
  PRI_KEY: 0x0002,
  UNIQUE_KEY: 0x0004,
  MULTIPLE_KEY: 0x0008,
  BLOB: 0x0010,
  UNSIGNED: 0x0020,
  ZEROFILL: 0x0040,
  BINARY: 0x0080,
  ENUM: 0x0100,
  AUTO_INCREMENT: 0x0200,
  TIMESTAMP: 0x0400,
  SET: 0x0800,
  NUM: 0x8000,
} as const;

/** Collation ids used in column definitions. */
export const Charset = {
  BINARY: 63,
  UTF8MB4_0900_AI_CI: 255,
  UTF8MB4_GENERAL_CI: 45,
  UTF8MB3_GENERAL_CI: 33,
  UTF8MB4_BIN: 46,
  UTF8MB3_BIN: 83,
  LATIN1_SWEDISH_CI: 8,
} as const;

export interface ColumnDef {
  name: string;
  type: ColumnTypeCode;
  /** Collation id; defaults to utf8mb4 for strings and binary (63) for numbers and dates. */
  charset?: number;
  /** Display length in bytes (e.g. 21 for BIGINT, 4 * chars for utf8mb4 VARCHAR). */
  length?: number;
  flags?: number;
  decimals?: number;
  table?: string;
  orgTable?: string;
  orgName?: string;
  schema?: string;
  /**
   * MariaDB's extended metadata (MARIADB_CLIENT_EXTENDED_METADATA): the
   * data type's name ('uuid', 'inet6', ...) and its format ('json' for a
   * JSON column or a JSON_* function's result).
   */
  extendedTypeName?: string;
  extendedFormat?: string;
}

/**
 * A value in a result row. Integers are numbers (or bigints past 2^53),
 * DECIMAL and temporal values are their MySQL text form
 * ('2026-11-21 10:00:00'), strings are JS strings, BLOBs are Buffers.
 */
export type SqlValue = null | number | bigint | string | Buffer;

export interface OkResult {
  kind: 'ok';
  affectedRows?: number;
  lastInsertId?: number;
  info?: string;
}

export interface RowsResult {
  kind: 'rows';
  columns: ColumnDef[];
  rows: SqlValue[][];
  /** The query read a table by a full scan: SERVER_QUERY_NO_INDEX_USED in its EOF/OK status (sql/exec/table-scan.ts). */
  noIndexUsed?: boolean;
  /** The scan was planned but read nothing (an information_schema table emptied by LIKE): NO_INDEX_USED on the column list's EOF only. */
  scanPlanned?: boolean;
}

export type StatementResult = OkResult | RowsResult;

/** What one statement came to: its result, or the MySQL error to send. `statement` is its text (for logs). */
/**
 * One statement's answer. `logText()`: the statement as a log may show it
 * (secrets redacted); absent when the statement did not parse, which is
 * never logged as text. `warnings`: the warning count of the statement's
 * OK/EOF packets as it stood when the statement ended (a multi-statement's
 * later statements must not change it).
 */
export type StatementOutcome = ({ statement: string; result: StatementResult; warnings?: number } | { statement: string; error: MySqlError }) & { logText?: () => string };

/**
 * Receives each statement's outcome of a multi-statement text as the
 * statement ends, before the next one is read: `more` says another
 * statement follows (its result or its error). A promise makes the run wait
 * for it (the client has not read what was sent; the loop's turn is given
 * to other sessions), as MySQL sends each result before parsing the next
 * statement and blocks in the write when the client is behind.
 */
export type OutcomeSink = (outcome: StatementOutcome, more: boolean) => void | Promise<void>;
