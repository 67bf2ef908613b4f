// The shared client contract (see test/helpers/run-client.ts) for the Node drivers:
// mysql2.mjs, mysqljs.mjs and mariadb-npm.mjs each pass an adapter to runContract().
// argv[2]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.

/**
 * @typedef {{ ok: false, code?: number, sqlState?: string, message?: string }} Failure
 * @typedef {{
 *   connect(args: any): Promise<any>,
 *   query(conn: any, sql: string): Promise<Record<string, unknown>[] | undefined>,
 *   close(conn: any): Promise<void>,
 * }} Adapter
 */

/** Every value as a string (or null), so that drivers in every language agree. */
function cell(v) {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The error fields every Node driver shares: errno, sqlState, sqlMessage (else message). */
function failure(err) {
  /** @type {Failure} */
  const out = { ok: false };
  if (typeof err?.errno === 'number' && err.errno > 0) out.code = err.errno; // not a system errno (-111)
  if (typeof err?.sqlState === 'string' && err.sqlState !== '') out.sqlState = err.sqlState;
  out.message = String(err?.sqlMessage ?? err?.message ?? err);
  return out;
}

/** A client-side (CR_*, 2000-2999) or code-less error: the connection is gone, stop. */
function isFatal(err) {
  return err?.fatal === true || !(err?.errno > 0) || (err.errno >= 2000 && err.errno < 3000);
}

/** @param {string} client @param {Adapter} adapter @param {string | null} [cannotOptIn] */
export async function runContract(client, adapter, cannotOptIn = null) {
  const args = JSON.parse(process.argv[2]);
  if (args.canHandleExpired && cannotOptIn) {
    console.log(JSON.stringify({ client, notApplicable: cannotOptIn }));
    return;
  }
  const report = { client };
  let conn;
  try {
    conn = await adapter.connect(args);
  } catch (err) {
    report.connect = failure(err);
    report.statements = [];
    console.log(JSON.stringify(report));
    return;
  }
  report.connect = { ok: true };
  const results = [];
  for (const sql of args.statements ?? []) {
    try {
      const rows = await adapter.query(conn, sql);
      results.push(rows ? { sql, ok: true, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)]))) } : { sql, ok: true });
    } catch (err) {
      results.push({ sql, ...failure(err) });
      if (isFatal(err)) break;
    }
  }
  report.statements = results;
  await adapter.close(conn).catch(() => undefined);
  console.log(JSON.stringify(report));
}
