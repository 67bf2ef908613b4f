/**
 * One pure encode or decode function per packet type, named after the
 * MySQL protocol documentation. No knowledge of accounts or SQL.
 */
import { Capability, hasCapability, ServerStatus } from './capabilities.js';
import { PacketReader, TruncatedPacketError } from './reader.js';
import { PacketWriter } from './writer.js';
import { ColumnType, type ColumnDef, type SqlValue } from './result.js';

// ---------------------------------------------------------------- handshake

export interface HandshakeV10 {
  serverVersion: string;
  connectionId: number;
  /** 20 bytes; written with a trailing NUL, so auth_plugin_data_len is 21. */
  scramble: Buffer;
  capabilities: number;
  characterSet: number;
  statusFlags: number;
  authPluginName: string;
  /** MariaDB: its extended capabilities (MariaDbCapability), sent when `capabilities` lacks CLIENT_MYSQL (bit 0). */
  mariadbCapabilities?: number;
}

/** Protocol::HandshakeV10, the server greeting (sequence id 0). */
export function writeHandshakeV10(h: HandshakeV10): Buffer {
  const w = new PacketWriter(128);
  w.u8(0x0a);
  w.nulString(h.serverVersion);
  w.u32(h.connectionId);
  w.bytes(h.scramble.subarray(0, 8));
  w.u8(0); // filler
  w.u16(h.capabilities & 0xffff);
  w.u8(h.characterSet & 0xff);
  w.u16(h.statusFlags);
  w.u16((h.capabilities >>> 16) & 0xffff);
  w.u8(h.scramble.length + 1); // auth_plugin_data_len, counting the NUL
  // reserved; a MariaDB server without CLIENT_MYSQL puts its extended capabilities in the last 4 bytes
  if (h.mariadbCapabilities !== undefined && !(h.capabilities & Capability.LONG_PASSWORD)) w.zeros(6).u32(h.mariadbCapabilities);
  else w.zeros(10);
  w.bytes(h.scramble.subarray(8)); // 12 bytes
  w.u8(0); // the scramble's trailing NUL
  w.nulString(h.authPluginName);
  return w.toBuffer();
}

export interface HandshakeResponse {
  capabilities: number;
  maxPacketSize: number;
  characterSet: number;
  username: string;
  authResponse: Buffer;
  database: string | null;
  /** The client plugin that produced authResponse; mysql_native_password when the client lacks PLUGIN_AUTH. */
  authPluginName: string;
  attributes: Record<string, string>;
  /** A MariaDB client's extended capabilities (MariaDbCapability): 0 unless it cleared CLIENT_MYSQL. */
  mariadbCapabilities?: number;
}

/** The first 32 bytes of HandshakeResponse41 with CLIENT_SSL set, or a 4-byte caps-only packet (Connector/J). */
export function isSslRequest(payload: Buffer): boolean {
  if (payload.length !== 32 && payload.length !== 4) return false;
  return hasCapability(payload.readUInt32LE(0), Capability.SSL);
}

/** Protocol::SSLRequest: just the capability flags matter. */
export function parseSslRequest(payload: Buffer): { capabilities: number } {
  return { capabilities: new PacketReader(payload).u32() };
}

/**
 * Protocol::HandshakeResponse41 (and the pre-4.1 HandshakeResponse320 for
 * clients without CLIENT_PROTOCOL_41). Throws TruncatedPacketError when malformed.
 */
export function parseClientHandshakePacket(payload: Buffer): HandshakeResponse {
  const r = new PacketReader(payload);
  if (payload.length < 2) throw new TruncatedPacketError('HandshakeResponse');
  const low = payload.readUInt16LE(0);
  if (!hasCapability(low, Capability.PROTOCOL_41)) {
    // HandshakeResponse320: caps int<2>, max packet int<3>, user NUL, auth response.
    const capabilities = r.u16();
    const maxPacketSize = r.u24();
    const username = stripQuotes(r.nulOrEofString());
    const authResponse = r.remaining > 0 ? Buffer.from(r.nulBytesOrRest()) : Buffer.alloc(0);
    return {
      capabilities,
      maxPacketSize,
      characterSet: 8,
      username,
      authResponse,
      database: null,
      authPluginName: 'mysql_native_password',
      attributes: {},
    };
  }
  const capabilities = r.u32();
  const maxPacketSize = r.u32();
  const characterSet = r.u8();
  r.skip(19);
  const extended = r.u32();
  const mariadbCapabilities = hasCapability(capabilities, Capability.LONG_PASSWORD) ? 0 : extended;
  const username = stripQuotes(r.nulString());
  let authResponse: Buffer;
  if (hasCapability(capabilities, Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
    authResponse = r.lenencBytes();
  } else if (hasCapability(capabilities, Capability.SECURE_CONNECTION)) {
    authResponse = r.bytes(r.u8());
  } else {
    authResponse = r.nulBytes();
  }
  let database: string | null = null;
  if (hasCapability(capabilities, Capability.CONNECT_WITH_DB) && r.remaining > 0) {
    database = r.nulOrEofString();
  }
  let authPluginName = 'mysql_native_password';
  if (hasCapability(capabilities, Capability.PLUGIN_AUTH)) {
    authPluginName = r.remaining > 0 ? r.nulOrEofString() : '';
  }
  const attributes: Record<string, string> = {};
  if (hasCapability(capabilities, Capability.CONNECT_ATTRS) && r.remaining > 0) {
    const total = r.lenencLength();
    if (total > 65535) throw new TruncatedPacketError('connection attributes (over 65535 bytes)');
    const attrs = new PacketReader(r.bytes(total));
    while (attrs.remaining > 0) {
      const key = attrs.lenencString();
      attributes[key] = attrs.lenencString();
    }
  }
  return {
    capabilities,
    maxPacketSize,
    characterSet,
    username,
    authResponse: Buffer.from(authResponse),
    database: database === '' ? null : database,
    authPluginName,
    attributes,
    mariadbCapabilities,
  };
}

/** MySQL strips one pair of single quotes around the user name. */
function stripQuotes(name: string): string {
  return name.length >= 2 && name.startsWith("'") && name.endsWith("'") ? name.slice(1, -1) : name;
}


// ---------------------------------------------------------------- auth phase

/** Protocol::AuthSwitchRequest: 0xFE, plugin name NUL, plugin data (scramble + NUL). */
export function writeAuthSwitchRequest(pluginName: string, data: Buffer): Buffer {
  return new PacketWriter(64).u8(0xfe).nulString(pluginName).bytes(data).toBuffer();
}

/**
 * Protocol::OldAuthSwitchRequest: the single byte 0xFE. MySQL 5.6 sends it
 * when the client answered with mysql_native_password and the account needs
 * mysql_old_password; the client replies with scramble_323 of the greeting's
 * first 8 scramble bytes, NUL-terminated.
 */
export function writeOldAuthSwitchRequest(): Buffer {
  return Buffer.from([0xfe]);
}

/** Protocol::AuthMoreData: 0x01 then the plugin's bytes. */
export function writeAuthMoreData(data: Buffer): Buffer {
  return new PacketWriter(data.length + 1).u8(0x01).bytes(data).toBuffer();
}

// ---------------------------------------------------------------- generic responses

export interface OkFields {
  affectedRows?: number | bigint;
  lastInsertId?: number | bigint;
  statusFlags: number;
  warnings?: number;
  info?: string;
  /**
   * Session state changes (CLIENT_SESSION_TRACK; see writeSessionState()):
   * written after the info, which is then always present (empty or not),
   * and only when statusFlags has SERVER_SESSION_STATE_CHANGED.
   */
  sessionState?: Buffer;
}

/** One tracked change of the session state: a system variable and its new value, or the current schema. */
export type SessionStateChange = { type: 'variable'; name: string; value: string } | { type: 'schema'; name: string };

/**
 * The session-state-info block of an OK packet (net_send_ok(),
 * Session_tracker::store()): per change its type (0
 * SESSION_TRACK_SYSTEM_VARIABLES, 1 SESSION_TRACK_SCHEMA) and its
 * length-encoded data (name and value, or the schema name), the whole block
 * length-encoded. Bytes from a real MariaDB 10.11: `SET time_zone='+01:00'`
 * gives 13 00 11 09 "time_zone" 06 "+01:00".
 */
export function writeSessionState(changes: readonly SessionStateChange[]): Buffer {
  const body = new PacketWriter(64);
  for (const c of changes) {
    const data = new PacketWriter(32);
    if (c.type === 'variable') data.lenencString(c.name).lenencString(c.value);
    else data.lenencString(c.name);
    body.u8(c.type === 'variable' ? 0x00 : 0x01).lenencBytes(data.toBuffer());
  }
  return new PacketWriter(body.length + 9).lenencBytes(body.toBuffer()).toBuffer();
}

/**
 * OK_Packet. `header` is 0x00, or 0xFE when it stands in for the EOF that
 * ends a result set under CLIENT_DEPRECATE_EOF.
 */
export function writeOk(ok: OkFields, capabilities: number, header: 0x00 | 0xfe = 0x00): Buffer {
  const w = new PacketWriter(16);
  w.u8(header);
  w.lenencInt(ok.affectedRows ?? 0);
  w.lenencInt(ok.lastInsertId ?? 0);
  if (hasCapability(capabilities, Capability.PROTOCOL_41)) {
    w.u16(ok.statusFlags);
    w.u16(ok.warnings ?? 0);
  } else if (hasCapability(capabilities, Capability.TRANSACTIONS)) {
    w.u16(ok.statusFlags);
  }
  // net_send_ok() (protocol_classic.cc) stores the info with net_store_data(): length-encoded,
  // with or without CLIENT_SESSION_TRACK, and only when there is one. The protocol documentation's
  // "string<EOF>" without SESSION_TRACK is not what servers send (a real MariaDB 10.11 sends 0x28 +
  // "Rows matched: ..."), and PHP's mysqlnd reads it length-encoded.
  const info = ok.info ?? '';
  if (ok.sessionState && hasCapability(capabilities, Capability.SESSION_TRACK) && ok.statusFlags & ServerStatus.SESSION_STATE_CHANGED) {
    w.lenencString(info).bytes(ok.sessionState);
  } else if (info !== '') w.lenencString(info);
  return w.toBuffer();
}

/**
 * ERR_Packet. The '#'+SQLSTATE marker is written only with CLIENT_PROTOCOL_41;
 * an ERR sent instead of the greeting has no capabilities yet, so no marker.
 */
export function writeErr(code: number, sqlState: string, message: string, withSqlState: boolean): Buffer {
  const w = new PacketWriter(16 + message.length);
  w.u8(0xff).u16(code);
  if (withSqlState) w.u8(0x23).string(sqlState.padEnd(5, '0').slice(0, 5));
  w.string(message);
  return w.toBuffer();
}

/** EOF_Packet (pre-DEPRECATE_EOF result-set terminator). */
export function writeEof(warnings: number, statusFlags: number): Buffer {
  return new PacketWriter(5).u8(0xfe).u16(warnings).u16(statusFlags).toBuffer();
}

// ---------------------------------------------------------------- result sets

export function writeColumnCount(n: number): Buffer {
  return new PacketWriter(9).lenencInt(n).toBuffer();
}

/** Protocol::ColumnDefinition41. */
export function writeColumnDefinition41(col: ColumnDef, defaultCharset: number, extendedMetadata = false): Buffer {
  const w = new PacketWriter(64 + col.name.length * 2);
  writeColumnDefinition41To(w, col, defaultCharset, extendedMetadata);
  return w.toBuffer();
}

/** writeColumnDefinition41()'s payload, appended to `w` (a result's column definitions written into one buffer). */
export function writeColumnDefinition41To(w: PacketWriter, col: ColumnDef, defaultCharset: number, extendedMetadata = false): void {
  w.lenencString('def');
  w.lenencString(col.schema ?? '');
  w.lenencString(col.table ?? '');
  w.lenencString(col.orgTable ?? '');
  w.lenencString(col.name);
  w.lenencString(col.orgName ?? '');
  if (extendedMetadata) w.lenencBytes(extendedMetadataBlock(col));
  w.u8(0x0c); // length of the fixed-length fields below
  w.u16(col.charset ?? (isTextType(col.type) ? defaultCharset : 63));
  w.u32(col.length ?? 0);
  w.u8(col.type);
  w.u16(col.flags ?? 0);
  w.u8(col.decimals ?? 0);
  w.u16(0); // filler
}

/**
 * MariaDB's extended metadata of a column (MARIADB_CLIENT_EXTENDED_METADATA,
 * Protocol::send_result_set_metadata): pairs of a 1-byte id (0 the type's
 * name, 1 its format) and a length-encoded value; empty for most columns.
 */
function extendedMetadataBlock(col: ColumnDef): Buffer {
  const w = new PacketWriter(16);
  if (col.extendedTypeName) w.u8(0).lenencString(col.extendedTypeName);
  if (col.extendedFormat) w.u8(1).lenencString(col.extendedFormat);
  return w.toBuffer();
}

function isTextType(type: number): boolean {
  return (
    type === ColumnType.VAR_STRING ||
    type === ColumnType.STRING ||
    type === ColumnType.VARCHAR ||
    type === ColumnType.BLOB ||
    type === ColumnType.TINY_BLOB ||
    type === ColumnType.MEDIUM_BLOB ||
    type === ColumnType.LONG_BLOB ||
    type === ColumnType.ENUM ||
    type === ColumnType.SET ||
    type === ColumnType.JSON
  );
}

/** The text form of a value, as the text protocol sends it. */
export function valueToText(v: Exclude<SqlValue, null>): Buffer | string {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatDouble(v);
  return String(v);
}

/** MySQL prints doubles with up to 17 significant digits, without exponent for ordinary magnitudes. */
function formatDouble(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(v);
  return s.includes('e') ? v.toExponential().replace('e+', 'e') : s;
}

/** ProtocolText::ResultsetRow: each value a lenenc string, NULL as 0xFB. */
export function writeTextRow(values: readonly SqlValue[]): Buffer {
  const w = new PacketWriter(32);
  for (const v of values) {
    if (v === null) {
      w.u8(0xfb);
      continue;
    }
    const t = valueToText(v);
    if (typeof t === 'string') w.lenencString(t);
    else w.lenencBytes(t);
  }
  return w.toBuffer();
}

/** ProtocolBinary::ResultsetRow: 0x00, NULL bitmap (offset 2), then typed values. */
export function writeBinaryRow(columns: readonly ColumnDef[], values: readonly SqlValue[]): Buffer {
  const w = new PacketWriter(32);
  w.u8(0x00);
  const bitmap = Buffer.alloc((columns.length + 7 + 2) >> 3);
  values.forEach((v, i) => {
    if (v === null) bitmap[(i + 2) >> 3]! |= 1 << ((i + 2) & 7);
  });
  w.bytes(bitmap);
  values.forEach((v, i) => {
    if (v !== null) writeBinaryValue(w, columns[i]!.type, v);
  });
  return w.toBuffer();
}

function writeBinaryValue(w: PacketWriter, type: number, v: Exclude<SqlValue, null>): void {
  switch (type) {
    case ColumnType.LONGLONG:
      w.u64(typeof v === 'bigint' ? v : BigInt.asUintN(64, BigInt(Number.isFinite(Number(v)) ? Math.trunc(Number(v)) : 0)));
      return;
    case ColumnType.LONG:
    case ColumnType.INT24:
      w.u32(Number(v) >>> 0);
      return;
    case ColumnType.SHORT:
    case ColumnType.YEAR:
      w.u16(Number(v) & 0xffff);
      return;
    case ColumnType.TINY:
      w.u8(Number(v) & 0xff);
      return;
    case ColumnType.DOUBLE: {
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleLE(Number(v));
      w.bytes(b);
      return;
    }
    case ColumnType.FLOAT: {
      const b = Buffer.allocUnsafe(4);
      b.writeFloatLE(Number(v));
      w.bytes(b);
      return;
    }
    case ColumnType.DATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      writeBinaryDateTime(w, String(v));
      return;
    case ColumnType.TIME:
      writeBinaryTime(w, String(v));
      return;
    default: {
      const t = valueToText(v);
      if (typeof t === 'string') w.lenencString(t);
      else w.lenencBytes(t);
    }
  }
}

/** 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]' as the binary protocol's 0/4/7/11-byte form. */
function writeBinaryDateTime(w: PacketWriter, text: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if (!m) {
    w.u8(0);
    return;
  }
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const micro = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
  if (micro) w.u8(11);
  else if (h || mi || s) w.u8(7);
  else if (y || mo || d) w.u8(4);
  else {
    w.u8(0); // the zero date, as MySQL's Protocol_binary::store_datetime sends it
    return;
  }
  w.u16(y!).u8(mo!).u8(d!);
  if (micro || h || mi || s) w.u8(h).u8(mi).u8(s);
  if (micro) w.u32(micro);
}

/** '[-]HHH:MM:SS[.ffffff]' as the binary protocol's 0/8/12-byte TIME. */
function writeBinaryTime(w: PacketWriter, text: string): void {
  const m = /^(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) {
    w.u8(0);
    return;
  }
  const hours = Number(m[2]);
  const micro = m[5] ? Number(m[5].padEnd(6, '0')) : 0;
  if (!micro && !hours && !Number(m[3]) && !Number(m[4])) {
    w.u8(0); // zero time: length 0, as MySQL's Protocol_binary::store_time sends it
    return;
  }
  w.u8(micro ? 12 : 8).u8(m[1] ? 1 : 0).u32(Math.floor(hours / 24));
  w.u8(hours % 24).u8(Number(m[3])).u8(Number(m[4]));
  if (micro) w.u32(micro);
}

// ---------------------------------------------------------------- commands

export interface QueryPacket {
  query: string;
  /** Query attributes (CLIENT_QUERY_ATTRIBUTES), by name. */
  attributes: Record<string, SqlValue>;
}

/**
 * COM_QUERY payload after the command byte. With CLIENT_QUERY_ATTRIBUTES the
 * text is preceded by parameter_count and parameter_set_count (always 1),
 * then, if there are parameters, a NULL bitmap, new_params_bind_flag,
 * type+name pairs and the binary values.
 */
export function parseComQuery(body: Buffer, capabilities: number): QueryPacket {
  if (!hasCapability(capabilities, Capability.QUERY_ATTRIBUTES)) {
    return { query: body.toString('utf8'), attributes: {} };
  }
  const r = new PacketReader(body);
  const count = r.lenencLength();
  r.lenencInt(); // parameter_set_count, always 1
  const attributes: Record<string, SqlValue> = {};
  if (count > 0) {
    const bitmap = r.bytes((count + 7) >> 3);
    const bind = r.u8();
    if (bind !== 1) throw new TruncatedPacketError('query attributes without types');
    const types: { type: number; unsigned: boolean; name: string }[] = [];
    for (let i = 0; i < count; i++) {
      const type = r.u8();
      const flag = r.u8();
      types.push({ type, unsigned: (flag & 0x80) !== 0, name: r.lenencString() });
    }
    types.forEach((t, i) => {
      const isNull = (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
      attributes[t.name] = isNull ? null : readBinaryValue(r, t.type, t.unsigned);
    });
  }
  return { query: r.restBytes().toString('utf8'), attributes };
}

/** COM_STMT_PREPARE_OK. */
export function writeStmtPrepareOk(statementId: number, columns: number, params: number, warnings: number): Buffer {
  return new PacketWriter(12).u8(0).u32(statementId).u16(columns).u16(params).u8(0).u16(warnings).toBuffer();
}

export interface StmtExecute {
  statementId: number;
  flags: number;
  params: SqlValue[];
  /** Parameter types as sent (kept by the caller for executions that do not resend them). */
  paramTypes: { type: number; unsigned: boolean }[];
}

/**
 * COM_STMT_EXECUTE payload after the command byte. `paramCount` comes from
 * the prepared statement; `previousTypes` are the types bound on an earlier
 * execution, used when new_params_bind_flag is 0.
 */
export function parseComStmtExecute(
  body: Buffer,
  paramCount: (id: number) => number | undefined,
  previousTypes: (id: number) => { type: number; unsigned: boolean }[] | undefined,
  capabilities: number,
  /** Parameters whose value came by COM_STMT_SEND_LONG_DATA: the packet carries no value for them. */
  longDataParams: (id: number) => ReadonlySet<number> | undefined = () => undefined,
): StmtExecute {
  const r = new PacketReader(body);
  const statementId = r.u32();
  const flags = r.u8();
  r.u32(); // iteration count, always 1
  const statementParams = paramCount(statementId);
  let count = statementParams ?? 0;
  const withAttrs = hasCapability(capabilities, Capability.QUERY_ATTRIBUTES) && (flags & 0x08) !== 0;
  if (withAttrs && r.remaining > 0) count = r.lenencLength();
  const params: SqlValue[] = [];
  let paramTypes = previousTypes(statementId) ?? [];
  if (count > 0) {
    const bitmap = r.bytes((count + 7) >> 3);
    const bind = r.u8();
    if (bind === 1) {
      paramTypes = [];
      for (let i = 0; i < count; i++) {
        const type = r.u8();
        const flag = r.u8();
        if (withAttrs) r.lenencString(); // parameter name
        paramTypes.push({ type, unsigned: (flag & 0x80) !== 0 });
      }
    }
    const supplied = longDataParams(statementId);
    for (let i = 0; i < count; i++) {
      const isNull = (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
      const t = paramTypes[i];
      // insert_params(): a parameter with long_data_supplied is skipped (its value is the long data).
      if (isNull || !t || supplied?.has(i)) params.push(null);
      else params.push(readBinaryValue(r, t.type, t.unsigned));
    }
  }
  // With query attributes the count covers the statement's parameters and then the
  // attributes (mysql2 appends them): only the first ones are the statement's.
  if (withAttrs && statementParams !== undefined && params.length > statementParams) params.length = statementParams;
  return { statementId, flags, params, paramTypes };
}

/** One binary-protocol value (parameters and query attributes). */
export function readBinaryValue(r: PacketReader, type: number, unsigned: boolean): SqlValue {
  switch (type) {
    case ColumnType.NULL:
      return null;
    case ColumnType.TINY: {
      const v = r.u8();
      return unsigned ? v : (v << 24) >> 24;
    }
    case ColumnType.SHORT:
    case ColumnType.YEAR: {
      const v = r.u16();
      return unsigned ? v : (v << 16) >> 16;
    }
    case ColumnType.LONG:
    case ColumnType.INT24: {
      const v = r.u32();
      return unsigned ? v : v | 0;
    }
    case ColumnType.LONGLONG: {
      const u = r.u64();
      const v = unsigned ? u : BigInt.asIntN(64, u);
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    case ColumnType.FLOAT:
      return r.bytes(4).readFloatLE(0);
    case ColumnType.DOUBLE:
      return r.bytes(8).readDoubleLE(0);
    case ColumnType.DATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return readBinaryDateTime(r, type === ColumnType.DATE);
    case ColumnType.TIME:
      return readBinaryTime(r);
    case ColumnType.BLOB:
    case ColumnType.TINY_BLOB:
    case ColumnType.MEDIUM_BLOB:
    case ColumnType.LONG_BLOB:
    case ColumnType.BIT:
      return Buffer.from(r.lenencBytes());
    default:
      return r.lenencString();
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function readBinaryDateTime(r: PacketReader, dateOnly: boolean): string {
  const len = r.u8();
  if (len === 0) return dateOnly ? '0000-00-00' : '0000-00-00 00:00:00';
  const y = r.u16();
  const mo = r.u8();
  const d = r.u8();
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (len === 4) return dateOnly ? date : `${date} 00:00:00`;
  const h = r.u8();
  const mi = r.u8();
  const s = r.u8();
  const micro = len >= 11 ? r.u32() : 0;
  r.skip(Math.max(0, len - 11));
  return `${date} ${pad(h)}:${pad(mi)}:${pad(s)}${micro ? '.' + pad(micro, 6) : ''}`;
}

function readBinaryTime(r: PacketReader): string {
  const len = r.u8();
  if (len === 0) return '00:00:00';
  const neg = r.u8() === 1;
  const days = r.u32();
  const h = r.u8();
  const mi = r.u8();
  const s = r.u8();
  const micro = len >= 12 ? r.u32() : 0;
  return `${neg ? '-' : ''}${pad(days * 24 + h)}:${pad(mi)}:${pad(s)}${micro ? '.' + pad(micro, 6) : ''}`;
}

export interface ChangeUser {
  username: string;
  authResponse: Buffer;
  database: string | null;
  characterSet: number;
  authPluginName: string;
  attributes: Record<string, string>;
}

/** COM_CHANGE_USER payload after the command byte. */
export function parseComChangeUser(body: Buffer, capabilities: number): ChangeUser {
  const r = new PacketReader(body);
  const username = stripQuotes(r.nulString());
  const authResponse = hasCapability(capabilities, Capability.SECURE_CONNECTION)
    ? Buffer.from(r.bytes(r.u8()))
    : Buffer.from(r.nulBytes());
  const database = r.remaining > 0 ? r.nulOrEofString() : '';
  let characterSet = 0;
  let authPluginName = 'mysql_native_password';
  const attributes: Record<string, string> = {};
  if (r.remaining >= 2) {
    characterSet = r.u16();
    if (hasCapability(capabilities, Capability.PLUGIN_AUTH) && r.remaining > 0) authPluginName = r.nulOrEofString();
    if (hasCapability(capabilities, Capability.CONNECT_ATTRS) && r.remaining > 0) {
      const attrs = new PacketReader(r.bytes(r.lenencLength()));
      while (attrs.remaining > 0) attributes[attrs.lenencString()] = attrs.lenencString();
    }
  }
  return { username, authResponse, database: database || null, characterSet, authPluginName, attributes };
}
