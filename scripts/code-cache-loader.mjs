#!/usr/bin/env node
// dist/mysql-auth-emulator.js (copied there by scripts/bundle.js): runs the
// bundled CLI, dist/mysql-auth-emulator.cjs, with a V8 code cache kept next
// to it (dist/mysql-auth-emulator.cjs.cache). Compiling the 1.4 MB bundle
// costs about 60 ms at every start, and so do the functions compiled lazily
// on the way to the first answered query; the cache holds both, so a start
// only deserializes them.
//
// The cache is trusted only for the very bundle it was made from: its first
// 32 bytes are a SHA-256 of the bundle's text, the Node version and the
// architecture (V8 itself only checks its version, its flags and the text's
// length). The next byte says whether it was made after a client's session
// (1: the code of a login and a query is in it) or not (0: e.g. a --help
// run, or a server stopped before any connection). A missing, stale or
// rejected cache, or one made before any session, is rebuilt by this run,
// once: when the first accepted connection closes (or 2 s after it opened,
// if it stays open); a missing or unusable one also at exit. Written to a
// temporary file and renamed, so concurrent starts never read half a file;
// a read-only dist just runs without one.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUNDLE = fileURLToPath(new URL('./mysql-auth-emulator.cjs', import.meta.url));
const CACHE = `${BUNDLE}.cache`;
const KEY_BYTES = 32;
const HEADER_BYTES = KEY_BYTES + 1;

const text = readFileSync(BUNDLE);
const key = createHash('sha256').update(text).update(`\0${process.version}\0${process.arch}`).digest();
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

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
