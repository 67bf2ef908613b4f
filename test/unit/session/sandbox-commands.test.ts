import { describe, expect, it } from 'vitest';
import { getProfile, type ProfileName } from '../../../src/config/profiles.js';
import { commandAllowedInSandbox } from '../../../src/session/sandbox-gate.js';
import { Command } from '../../../src/wire/capabilities.js';

/** mysql-behaviour.md §3.3: what dispatch_command lets through for a sandboxed session. */
const SERVED_8 = ['QUIT', 'PING', 'STMT_CLOSE', 'STMT_SEND_LONG_DATA', 'QUERY', 'STMT_PREPARE', 'STMT_EXECUTE'];
const SERVED_57 = ['QUIT', 'PING', 'STMT_CLOSE', 'STMT_SEND_LONG_DATA', 'QUERY'];

const cases: [ProfileName, string[]][] = [
  ['mysql-8.4', SERVED_8],
  ['mysql-8.0', SERVED_8],
  ['mariadb-10.11', SERVED_8],
  ['mysql-5.7', SERVED_57],
  ['mysql-5.6', SERVED_57],
];

describe.each(cases)('sandbox command gate: %s', (profile, served) => {
  it.each(Object.entries(Command))('COM_%s', (name, byte) => {
    expect(commandAllowedInSandbox(byte, getProfile(profile))).toBe(served.includes(name));
  });
});
