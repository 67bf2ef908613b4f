/**
 * Result metadata as the server sends it: every string column converted
 * to character_set_results, as Protocol_classic::send_field_metadata()
 * (MySQL) and Protocol::store_field_metadata() (MariaDB) do. A column of
 * a non-binary character set is announced in the results collation, with
 * its length re-counted: characters (bytes / mbmaxlen of its own charset;
 * bytes / mbminlen for the BLOB family, whose length is a byte count)
 * times the results charset's mbmaxlen, at most 2^32 - 1. Binary columns
 * and numbers keep theirs; character_set_results = NULL converts nothing.
 * So mysql.user.User (utf8mb3_bin, 96 bytes) reaches an 8.4 client that
 * sent utf8mb4_0900_ai_ci as collation 255, length 128.
 */
import { collationById, defaultCollationOf, maxLenOfCollation, minLenOfCollation, resolveCharset } from '../../config/charsets.js';
import { Charset, ColumnType, type ColumnDef } from '../../wire/result.js';
import type { SqlServer, SqlSession } from '../context.js';

const UINT32_MAX = 4294967295;

/** The collation id character_set_results stands for, or null (NULL: no conversion). */
export function resultsCollation(session: SqlSession, server: SqlServer): number | null {
  const value = server.variables.get('character_set_results', 'default', session);
  if (value === null || value === '') return null;
  const charset = resolveCharset(String(value));
  if (charset === null) return null;
  const handshake = session.resultsCollation === undefined ? undefined : collationById(session.resultsCollation);
  if (handshake && handshake.charset === charset) return handshake.id;
  return defaultCollationOf(charset, server.profile).id;
}

/** Types whose column definitions carry a character set (the rest are numbers and temporals: binary). */
function isTextType(type: number): boolean {
  return (
    type === ColumnType.VAR_STRING ||
    type === ColumnType.STRING ||
    type === ColumnType.VARCHAR ||
    type === ColumnType.ENUM ||
    type === ColumnType.SET ||
    type === ColumnType.JSON ||
    isBlobType(type)
  );
}

function isBlobType(type: number): boolean {
  return type >= ColumnType.TINY_BLOB && type <= ColumnType.BLOB;
}

/** The collation a column definition carries: its own, or for a text type without one the server's, else binary. */
function columnCollation(column: ColumnDef, serverCollation: number): number {
  return column.charset ?? (isTextType(column.type) ? serverCollation : Charset.BINARY);
}

/** One column definition as it is sent to a client whose results collation is `target`. */
export function toResultsCharset(column: ColumnDef, target: number | null, serverCollation: number): ColumnDef {
  const from = columnCollation(column, serverCollation);
  if (target === null || from === Charset.BINARY) return column.charset === undefined ? { ...column, charset: from } : column;
  const length = column.length ?? 0;
  const chars = Math.floor(length / (isBlobType(column.type) ? minLenOfCollation(from) : maxLenOfCollation(from)));
  return { ...column, charset: target, length: Math.min(UINT32_MAX, chars * maxLenOfCollation(target)) };
}

/** Every column of a result, for this session (character_set_results is read only if a column has a character set). */
export function resultColumns(columns: readonly ColumnDef[], session: SqlSession, server: SqlServer): ColumnDef[] {
  const serverCollation = server.profile.defaultCollationId;
  let target: number | null | undefined;
  const out = new Array<ColumnDef>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (target === undefined && columnCollation(c, serverCollation) !== Charset.BINARY) {
      target = resultsCollation(session, server);
    }
    out[i] = toResultsCharset(c, target ?? null, serverCollation);
  }
  return out;
}
