#!/usr/bin/env node
// The floor: the least a Node.js MySQL server can do per login and per query,
// to tell what Node itself costs from what the emulator adds. It sends the
// greeting, reads HandshakeResponse41, checks the mysql_native_password
// scramble (one SHA1 check against a fixed password), answers OK, then
// answers every COM_QUERY with the result set of `SELECT 1`, COM_PING with
// OK and closes on COM_QUIT. Nothing else: no accounts, no parser, no TLS.
// It takes the emulator's two socket economies, the least Node's net module
// allows: TCP_NODELAY set by Node as it accepts (no setNoDelay() call per
// socket) and COM_QUIT closing the socket at once (no end() and half-close).
//
//   node bench/floor.js --port=N [--password=bench]
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, password: { type: 'string' } } });
const password = values.password ?? 'bench';
const sha1 = (...parts) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};
const stage2 = sha1(sha1(Buffer.from(password)));

const SECURE_CONNECTION = 1 << 15;
const PLUGIN_AUTH = 1 << 19;
const PLUGIN_AUTH_LENENC = 1 << 21;
const DEPRECATE_EOF = 1 << 24;
const SERVER_CAPS = (0x0000f7ff | PLUGIN_AUTH | PLUGIN_AUTH_LENENC | (1 << 16) | (1 << 17) | (1 << 20) | DEPRECATE_EOF) & ~(1 << 11);

function packet(seq, payload) {
  const b = Buffer.allocUnsafe(4 + payload.length);
  b.writeUIntLE(payload.length, 0, 3);
  b[3] = seq;
  payload.copy(b, 4);
  return b;
}

function greeting(id, scramble) {
  const version = Buffer.from('10.11.0-floor\0');
  const head = Buffer.alloc(1 + version.length + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let o = 0;
  head[o++] = 10;
  version.copy(head, o);
  o += version.length;
  head.writeUInt32LE(id, o);
  o += 4;
  scramble.copy(head, o, 0, 8);
  o += 9;
  head.writeUInt16LE(SERVER_CAPS & 0xffff, o);
  o += 2;
  head[o++] = 45;
  head.writeUInt16LE(2, o);
  o += 2;
  head.writeUInt16LE(SERVER_CAPS >>> 16, o);
  o += 2;
  head[o++] = 21;
  return Buffer.concat([head, scramble.subarray(8), Buffer.from('\0mysql_native_password\0')]);
}

const ok = (eofHeader = 0) => Buffer.from([eofHeader, 0, 0, 2, 0, 0, 0]);
const eof = Buffer.from([0xfe, 0, 0, 2, 0]);
const columnDef = Buffer.concat([
  Buffer.from([3]), Buffer.from('def'), Buffer.from([0, 0, 0, 1]), Buffer.from('1'), Buffer.from([0]),
  Buffer.from([0x0c, 0x3f, 0, 1, 0, 0, 0, 8, 0x81, 0, 0, 0, 0]),
]);

/** The answer to any COM_QUERY: one column, one row, `1`. */
function selectOne(deprecateEof) {
  const parts = [packet(1, Buffer.from([1])), packet(2, columnDef)];
  let seq = 3;
  if (!deprecateEof) parts.push(packet(seq++, eof));
  parts.push(packet(seq++, Buffer.from([1, 0x31])));
  parts.push(packet(seq++, deprecateEof ? ok(0xfe) : eof));
  return Buffer.concat(parts);
}
const SELECT_ONE = [selectOne(false), selectOne(true)];

let nextId = 1;
const server = createServer({ noDelay: true }, (socket) => {
  const scramble = randomBytes(20).map((c) => (c & 0x7f) || 1);
  let caps = 0;
  let authed = false;
  let pending = Buffer.alloc(0);
  socket.write(packet(0, greeting(nextId++, scramble)));
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4) {
      const len = pending.readUIntLE(0, 3);
      if (pending.length < 4 + len) break;
      const seq = pending[3];
      const body = pending.subarray(4, 4 + len);
      pending = pending.subarray(4 + len);
      if (!authed) {
        caps = body.readUInt32LE(0);
        let o = 32;
        while (body[o] !== 0) o++;
        o++;
        const n = caps & PLUGIN_AUTH_LENENC ? body[o++] : caps & SECURE_CONNECTION ? body[o++] : 0;
        const response = body.subarray(o, o + n);
        // check_scramble(): SHA1(response XOR SHA1(scramble ‖ stage2)) == stage2
        const mask = sha1(scramble, stage2);
        const stage1 = Buffer.allocUnsafe(20);
        for (let i = 0; i < 20; i++) stage1[i] = response[i] ^ mask[i];
        if (n !== 20 || !timingSafeEqual(sha1(stage1), stage2)) {
          socket.end(packet(seq + 1, Buffer.concat([Buffer.from([0xff, 0x15, 0x04]), Buffer.from('#28000Access denied')])));
          return;
        }
        authed = true;
        socket.write(packet(seq + 1, ok()));
        continue;
      }
      const command = body[0];
      if (command === 0x01) {
        socket.destroy();
        return;
      }
      if (command === 0x03) socket.write(SELECT_ONE[caps & DEPRECATE_EOF ? 1 : 0]);
      else socket.write(packet(1, ok()));
    }
  });
});
server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`floor: ready on port ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
