#!/usr/bin/env node
// A bystander during a login storm, in its own process so that the storm's
// clients do not delay it: every `--every` ms it opens a TCP connection and
// times the greeting (connect call to first byte), and on one connection
// logged in beforehand times a `SELECT 1`. Runs until stdin closes, then
// prints {greetings: [ms...], selects: [ms...], noGreeting, timeline} as JSON.
//
//   node bench/lib/probe.js --port=N --user=U --password=P [--every=50]
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';

const { values } = parseArgs({ options: { port: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, every: { type: 'string' } } });
const port = Number(values.port);
const every = Number(values.every ?? 50);
const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: values.user, password: values.password });
process.stdout.write('ready\n');

const started = performance.now();
const greetings = [];
/** [ms since the probe started, greeting ms] of each connection, for a look at the storm's course. */
const timeline = [];
const selects = [];
let noGreeting = 0;
let stopping = false;
const pending = new Set();

function greeting() {
  const t0 = performance.now();
  const p = new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      noGreeting++;
      s.destroy();
      resolve();
    }, 60000);
    s.once('data', () => {
      greetings.push(performance.now() - t0);
      timeline.push([Math.round(t0 - started), Math.round(performance.now() - t0), s.localPort]);
      clearTimeout(timer);
      s.destroy();
      resolve();
    });
    s.once('error', () => {
      noGreeting++;
      clearTimeout(timer);
      resolve();
    });
  });
  pending.add(p);
  p.then(() => pending.delete(p));
}

async function selectLoop() {
  while (!stopping) {
    const t0 = performance.now();
    await conn.query('SELECT 1');
    selects.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, every));
  }
}

const timer = setInterval(greeting, every);
const loop = selectLoop();
process.stdin.resume();
process.stdin.on('end', async () => {
  stopping = true;
  clearInterval(timer);
  await loop;
  await Promise.all(pending);
  conn.destroy();
  process.stdout.write(JSON.stringify({ greetings, selects, noGreeting, timeline }) + '\n');
  process.exit(0);
});
