// mysql2 (npm) for the shared client contract (see node-common.mjs).
// Opt-in to bit 22: flags: ['CAN_HANDLE_EXPIRED_PASSWORDS']. caching_sha2 full auth
// over plain TCP: mysql2 fetches the server's RSA key itself.
import mysql from 'mysql2/promise';
import { runContract } from './node-common.mjs';

await runContract('mysql2', {
  connect: (a) =>
    mysql.createConnection({
      host: a.host, port: a.port, user: a.user, password: a.password, connectTimeout: 10_000,
      flags: a.canHandleExpired ? ['CAN_HANDLE_EXPIRED_PASSWORDS'] : [],
      ...(a.ssl ? { ssl: { rejectUnauthorized: false } } : {}),
    }),
  query: async (conn, sql) => {
    const [rows] = await conn.query(sql);
    return Array.isArray(rows) ? rows : undefined;
  },
  close: (conn) => conn.end(),
});
