#!/usr/bin/env node
// npm run bench -- micro [--profile=NAME] [--sql=TEXT] [--n=N] [--dist=DIR] [login | idle]
//
// The emulator's own work per command (or per login), in this process and
// without the kernel: a Connection is driven through an in-memory socket, so
// what is counted is JavaScript only. Prints CPU microseconds, promises
// created, socket writes and bytes allocated per operation (V8's sampling
// heap profiler, collected objects included), and the top allocation sites.
// Use it to see what a change does to the command loop before `npm run bench`
// measures it against the floor and MariaDB over real sockets. `idle`: the
// JavaScript heap each logged-in idle connection keeps (Node's socket aside),
// and where it was allocated.
import { createHash } from 'node:crypto';
import { createHook } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Just enough of net.Socket for Connection: bytes in through feed(), bytes out to onWrite. */
class MemorySocket extends EventEmitter {
  remoteAddress = '127.0.0.1';
  destroyed = false;
  writableNeedDrain = false;
  onWrite = null;
  setNoDelay() {}
  pause() {}
  resume() {}
  write(data, cb) {
    const w = this.onWrite;
    this.onWrite = null;
    w?.(data);
    if (typeof cb === 'function') cb();
    return true;
  }
  end() {
    this.destroyed = true;
  }
  destroy() {
    this.destroyed = true;
  }
  feed(bytes) {
    this.emit('data', bytes);
  }
  next() {
    return new Promise((resolve) => {
      this.onWrite = resolve;
    });
  }
}

const packet = (seq, payload) => {
  const b = Buffer.alloc(4 + payload.length);
  b.writeUIntLE(payload.length, 0, 3);
  b[3] = seq;
  payload.copy(b, 4);
  return b;
};
const sha1 = (...p) => p.reduce((h, x) => h.update(x), createHash('sha1')).digest();

function handshakeResponse(greeting, user, password) {
  const body = greeting.subarray(4);
  let o = 1;
  while (body[o] !== 0) o++;
  o += 5;
  const scramble = Buffer.concat([body.subarray(o, o + 8), body.subarray(o + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, o + 8 + 19 + 12)]);
  const s1 = sha1(Buffer.from(password));
  const mask = sha1(scramble, sha1(s1));
  const token = Buffer.from(s1.map((b, i) => b ^ mask[i]));
  const caps = 0x000fa687 | (1 << 24); // mysql2's capabilities, DEPRECATE_EOF included
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps >>> 0, 0);
  head.writeUInt32LE(0xffffff, 4);
  head[8] = 45;
  return packet(1, Buffer.concat([head, Buffer.from(user + '\0'), Buffer.from([token.length]), token, Buffer.from('mysql_native_password\0')]));
}

export async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { profile: { type: 'string' }, sql: { type: 'string' }, n: { type: 'string' }, top: { type: 'string' }, repeat: { type: 'string' }, dist: { type: 'string' } },
  });
  const mode = positionals[0] ?? 'query';
  const { startEmulator } = await import(join(values.dist ?? join(ROOT, 'dist'), 'index.js'));
  const em = await startEmulator({ logLevel: 'silent', profile: values.profile ?? 'mariadb-10.11', variables: { max_connections: 100000 } });
  await em.sql("CREATE USER 'bench'@'%' IDENTIFIED WITH mysql_native_password AS '*61A7BFA719D1CB40DA1D05DBA4EF433C970BBBE6'");
  const server = em.server;
  const sql = values.sql ?? 'SELECT 1';
  const query = packet(0, Buffer.concat([Buffer.from([3]), Buffer.from(sql)]));

  const login = async () => {
    const socket = new MemorySocket();
    const greeting = socket.next();
    server.accept(socket);
    const ok = socket.next();
    socket.feed(handshakeResponse(await greeting, 'bench', 'bench'));
    const reply = await ok;
    if (reply[4] !== 0) throw new Error(`login refused: ${reply.subarray(7).toString()}`);
    return socket;
  };
  const quit = async (socket) => {
    socket.feed(packet(0, Buffer.from([1])));
    await new Promise((r) => setImmediate(r));
    socket.emit('close');
  };

  if (mode === 'idle') {
    await idle(login, Number(values.n ?? 2000), Number(values.top ?? 25));
    await em.close();
    return;
  }
  let op;
  if (mode === 'login') {
    op = async () => quit(await login());
  } else {
    const socket = await login();
    op = async () => {
      const reply = socket.next();
      socket.feed(query);
      const r = await reply;
      if (r[4] === 0xff) throw new Error(r.subarray(13).toString());
    };
  }
  const n = Number(values.n ?? (mode === 'login' ? 20000 : 100000));
  for (let i = 0; i < n / 4; i++) await op(); // warm-up

  let promises = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) });
  hook.enable();
  for (let i = 0; i < 1000; i++) await op();
  hook.disable();

  const inspector = new Session();
  inspector.connect();
  await inspector.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const sampled = 2000;
  for (let i = 0; i < sampled; i++) await op();
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  inspector.disconnect();

  // Several measurements; the least disturbed (the minimum) and the median are shown.
  const cpu = [];
  for (let r = 0; r < Number(values.repeat ?? 5); r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n / 5; i++) await op();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / (n / 5));
  }
  cpu.sort((a, b) => a - b);

  const sites = new Map();
  let bytes = 0;
  const walk = (node, stack) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/dist\//, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}`;
    if (node.selfSize) {
      sites.set(here, (sites.get(here) ?? 0) + node.selfSize);
      bytes += node.selfSize;
    }
    for (const ch of node.children) walk(ch, stack);
  };
  walk(profile.head, []);
  console.log(`${mode === 'login' ? 'login (native) + COM_QUIT' : JSON.stringify(sql)} on ${values.profile ?? 'mariadb-10.11'}:`);
  console.log(`  CPU ${cpu[0].toFixed(2)} µs per operation (median of ${cpu.length}: ${cpu[cpu.length >> 1].toFixed(2)}), ${(promises / 1000).toFixed(1)} promises, ~${Math.round(bytes / sampled)} bytes allocated`);
  console.log('  allocation sites (bytes per operation):');
  for (const [k, b] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top ?? 25))) console.log(`  ${String(Math.round(b / sampled)).padStart(7)}  ${k}`);
  await em.close();
}

/** Heap kept per idle logged-in connection: live allocation sites after `n` logins, and the heap's growth. */
async function idle(login, n, top) {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const held = [];
  for (let i = 0; i < 200; i++) held.push(await login()); // warm-up, kept: the baseline holds them too
  gc();
  const inspector = new Session();
  inspector.connect();
  await inspector.post('HeapProfiler.startSampling', { samplingInterval: 64 });
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) held.push(await login());
  gc();
  const after = process.memoryUsage().heapUsed;
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  inspector.disconnect();
  const sites = new Map();
  const walk = (node) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/dist\//, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}`;
    if (node.selfSize) sites.set(here, (sites.get(here) ?? 0) + node.selfSize);
    for (const ch of node.children) walk(ch);
  };
  walk(profile.head);
  console.log(`idle connections: ${((after - before) / n).toFixed(0)} bytes of JavaScript heap each (${n} held; the memory socket stands in for Node's)`);
  console.log('  live allocation sites (bytes per connection):');
  for (const [k, b] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${String(Math.round(b / n)).padStart(7)}  ${k}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
