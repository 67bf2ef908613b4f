// mariadb (npm, 3.x) for the shared client contract (see node-common.mjs).
// Opt-in to bit 22: permitConnectionWhenExpired: true. caching_sha2 full auth over
// plain TCP needs allowPublicKeyRetrieval: true (RSA).
import mariadb from 'mariadb';
import { runContract } from './node-common.mjs';

await runContract('mariadb-npm', {
  connect: (a) =>
    mariadb.createConnection({
      host: a.host, port: a.port, user: a.user, password: a.password, connectTimeout: 10_000,
      permitConnectionWhenExpired: a.canHandleExpired, allowPublicKeyRetrieval: true,
      ...(a.ssl ? { ssl: { rejectUnauthorized: false } } : {}),
    }),
  query: async (conn, sql) => {
    const rows = await conn.query(sql);
    return Array.isArray(rows) ? [...rows] : undefined;
  },
  close: (conn) => conn.end(),
});
