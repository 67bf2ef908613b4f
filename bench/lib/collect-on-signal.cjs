// Preloaded (`node --require`) into the Node servers the bench measures idle
// memory of, never into a server a user runs: SIGUSR2 makes the process
// collect its garbage as an idle process's memory reducer eventually does
// (a full, memory-reducing collection: V8's "last resort" flavour, which
// also gives back the young generation's grown pages), so that the RSS read
// after it is what the held connections keep, not what their logins left
// for the next collection. gc() is taken from a context made while
// --expose-gc was set, and the flag is cleared again: the V8 flags stay
// those of a normal start, so the code cache (keyed to them) still applies.
'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
v8.setFlagsFromString('--no-expose-gc');
process.on('SIGUSR2', () => {
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
});
