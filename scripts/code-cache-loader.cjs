#!/usr/bin/env node
// dist/mysql-auth-emulator.cjs (copied there by scripts/bundle.js): runs the
// bundled CLI, dist/mysql-auth-emulator.bundle.cjs, with a V8 code cache kept
// next to it (dist/mysql-auth-emulator.bundle.cjs.cache). Compiling the 1.4 MB
// bundle costs about 60 ms at every start, and so do the functions compiled
// lazily on the way to the first answered query; the cache holds both, so a
// start only deserializes them. CommonJS, as the bundle: an ES module entry
// point starts Node's ESM loader first (about 7 ms on the 2-core bench machine).
//
// The cache is trusted only for the very bundle it was made from: its first
// 32 bytes are a SHA-256 of the bundle's size, modification time and inode,
// the Node version and the architecture (V8 itself only checks its version,
// its flags and the text's length; a rebuilt bundle is a new file). The next
// byte says whether it was made after a client's session (1: the code of a
// login and a query is in it) or not (0: e.g. a --help run, or a server
// stopped before any connection). A missing, stale or rejected cache, or one
// made before any session, is rebuilt by this run, once: when the first
// accepted connection closes (or 2 s after it opened, if it stays open); a
// missing or unusable one also at exit. Written to a temporary file and
// renamed, so concurrent starts never read half a file; a read-only dist just
// runs without one.
'use strict';
const { isAscii } = require('node:buffer');
const { createHash } = require('node:crypto');
const { subscribe, unsubscribe } = require('node:diagnostics_channel');
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, 'mysql-auth-emulator.bundle.cjs');
const CACHE = `${BUNDLE}.cache`;
const KEY_BYTES = 32;
const HEADER_BYTES = KEY_BYTES + 1;

const text = readFileSync(BUNDLE);
const stat = statSync(BUNDLE, { bigint: true });
const key = createHash('sha256').update(`${stat.size}\0${stat.mtimeNs}\0${stat.ino}\0${process.version}\0${process.arch}`).digest();
let cachedData;
let cachedWarm = false;
try {
  const file = readFileSync(CACHE);
  if (file.length > HEADER_BYTES && key.equals(file.subarray(0, KEY_BYTES))) {
    cachedData = file.subarray(HEADER_BYTES);
    cachedWarm = file[KEY_BYTES] === 1;
  }
} catch {
  // no cache yet
}

// The CommonJS wrapper on the bundle's first line, so line numbers stay the bundle's;
// the bundle's own first line is its #! line, which becomes a comment. Strict, as the
// ES modules it is made from are (esbuild's "use strict" comes after its banner).
// esbuild writes ASCII, which decodes fastest as Latin-1 (a one-byte string).
let source = text.toString(isAscii(text) ? 'latin1' : 'utf8');
if (source.startsWith('#!')) source = `//${source.slice(2)}`;
const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, { filename: BUNDLE, cachedData });

const usable = cachedData !== undefined && !script.cachedDataRejected;
if (!usable || !cachedWarm) {
  let saved = false;
  const save = (warm) => {
    if (saved) return;
    saved = true;
    const temporary = `${CACHE}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, Buffer.concat([key, Buffer.of(warm ? 1 : 0), script.createCachedData()]));
      renameSync(temporary, CACHE);
    } catch {
      rmSync(temporary, { force: true });
    }
  };
  const onSocket = ({ socket }) => {
    unsubscribe('net.server.socket', onSocket);
    socket.once('close', () => setImmediate(() => save(true)));
    setTimeout(() => save(true), 2000).unref();
  };
  subscribe('net.server.socket', onSocket);
  if (!usable) process.once('exit', () => save(false));
}

const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, dirname(BUNDLE));
