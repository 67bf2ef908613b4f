// Preloaded (`node --require`) into the Node servers the bench measures idle
// memory of, never into a server a user runs. On SIGUSR2 it collects the
// process's garbage fully, FULL_COLLECTIONS times, and writes one line to
// stderr, "collected: {json}", with what it then holds, read in the same
// instant: rss, the young generation's pages (young), heapUsed and external,
// in bytes. The bench (bench/lib/servers.js, collect()) waits for that line.
//
// Eight collections, not one: V8 drops the bytecode of a function that has
// not run for five full collections (--bytecode-old-age), and the
// emulator's start runs much code no login runs again, so readings a few
// collections apart differed by what had aged out between them (the
// emulator's RSS fell by 3.7 MB while 1,000 connections were added).
//
// The young generation is reported because it is not memory the held
// connections keep: V8 sizes it by how much the process allocated lately (a
// burst of 1,000 logins grew it by 4 MB in the floor and 9 MB in the
// emulator) and no gc() call shrinks it in Node 20's V8 11.3; the bench
// runs these processes with it pinned (COLLECTABLE in servers.js) and takes
// what is left of its change out of the reading.
//
// gc() is taken from a context made while --expose-gc was set, and the flag
// is cleared again, so the code is compiled as in a normal start.
'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
v8.setFlagsFromString('--no-expose-gc');

const FULL_COLLECTIONS = 8;

/** The young generation's resident size, bytes. */
function youngBytes() {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.physical_space_size;
  return 0;
}

process.on('SIGUSR2', () => {
  for (let i = 0; i < FULL_COLLECTIONS; i++) gc({ type: 'major', execution: 'sync' });
  const { rss, heapUsed, external } = process.memoryUsage();
  process.stderr.write(`collected: ${JSON.stringify({ rss, young: youngBytes(), heapUsed, external })}\n`);
});
