// mysql (mysqljs 2.18, npm) for the shared client contract (see node-common.mjs).
// mysqljs has no constant for bit 22: its flags string is resolved by name against
// lib/protocol/constants/client.js, so the constant is added there (0x400000) and then
// asked for with flags: '+CAN_HANDLE_EXPIRED_PASSWORDS'. It implements only
// mysql_native_password and sends no CLIENT_PLUGIN_AUTH.
import { createRequire } from 'node:module';
import { runContract } from './node-common.mjs';

const require = createRequire(import.meta.url);
const mysql = require('mysql');
require('mysql/lib/protocol/constants/client.js').CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 0x400000;

const promisify = (fn) => new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

await runContract('mysqljs', {
  connect: async (a) => {
    const conn = mysql.createConnection({
      host: a.host, port: a.port, user: a.user, password: a.password, connectTimeout: 10_000,
      flags: a.canHandleExpired ? '+CAN_HANDLE_EXPIRED_PASSWORDS' : '',
      ...(a.ssl ? { ssl: { rejectUnauthorized: false } } : {}),
    });
    conn.on('error', () => undefined); // fatal errors also reject the pending callback
    await promisify((cb) => conn.connect(cb));
    return conn;
  },
  query: async (conn, sql) => {
    const rows = await promisify((cb) => conn.query(sql, cb));
    return Array.isArray(rows) ? rows : undefined;
  },
  close: (conn) => promisify((cb) => conn.end(cb)),
});
