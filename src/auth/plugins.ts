import { cachingSha2Password } from './caching-sha2-password.js';
import { nativePassword } from './native-password.js';
import { oldPassword } from './old-password.js';
import { ldapSimple } from './ldap-simple.js';
import type { AuthPlugin } from './plugin.js';
import { sha256Password } from './sha256-password.js';

/** The server-side authentication plugins, by name. */
export const AUTH_PLUGINS: ReadonlyMap<string, AuthPlugin> = new Map(
  [cachingSha2Password, nativePassword, sha256Password, oldPassword, ldapSimple].map((p) => [p.name, p]),
);
