// Preloaded (`node --require`) into the Node servers the bench measures idle
// memory of, never into a server a user runs: SIGUSR2 brings the process to
// the state a server idle for a while reaches, so that the RSS read after it
// is what the held connections keep, not what their logins left behind:
//
// 1. a full collection (gc() taken from a context made while --expose-gc
//    was set, and the flag cleared again: the V8 flags stay those of a
//    normal start, so the code cache, keyed to them, still applies);
// 2. then it waits for V8's memory reducer, which an idle process runs
//    about 8 s after a full collection: only it gives back the young
//    generation's pages. A burst of logins grows the young generation (to
//    several MB; in Node 20's V8 11.3 neither a major nor a "last resort"
//    gc() shrinks it again), which made the young generation's size, a
//    matter of how much the last logins allocated, the larger part of the
//    slope the bench reads;
// 3. a last full collection, then "collected: ..." on stderr (the young
//    generation before and after, the heap used, external memory), which
//    the bench waits for and records (bench/lib/servers.js, collect()).
'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
v8.setFlagsFromString('--no-expose-gc');

/** The young generation's resident size, bytes. */
function youngBytes() {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.physical_space_size;
  return 0;
}
/** A young generation at its smallest (V8's initial semi-space is 1 MiB; its resident part less). */
const SHRUNK = 1 << 20;
const GIVE_UP_MS = 30000;

process.on('SIGUSR2', () => {
  gc({ type: 'major', execution: 'sync' });
  const started = Date.now();
  const grown = youngBytes();
  const poll = setInterval(() => {
    const young = youngBytes();
    const waited = Date.now() - started;
    if (young > SHRUNK && waited < GIVE_UP_MS) return;
    clearInterval(poll);
    gc({ type: 'major', execution: 'sync' });
    const { heapUsed, external } = process.memoryUsage();
    const kib = (bytes) => Math.round(bytes / 1024);
    process.stderr.write(
      `collected: young generation ${kib(grown)} -> ${kib(young)} KiB after ${waited} ms${young > SHRUNK ? ' (not given back)' : ''}; heap used ${kib(heapUsed)} KiB, external ${kib(external)} KiB\n`,
    );
  }, 250);
});
