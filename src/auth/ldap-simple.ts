import { type AuthInput, type AuthOutcome, type AuthPlugin, stripNul } from './plugin.js';

import { LDAP_SIMPLE_PLUGIN } from '../accounts/plugin-catalogue.js';

/**
 * The password question the server-side plugin writes before reading: one
 * byte 0x05, which MySQL wraps into the AuthSwitchRequest as its data. This
 * is the open-source implementation of the plugin (Percona Server,
 * plugin/auth_ldap/src/plugin_simple.cc, "password_question"); Oracle's
 * Enterprise binary cannot be read. mysql_clear_password clients ignore the data.
 */
const PASSWORD_QUESTION = Buffer.from([0x05]);

/**
 * authentication_ldap_simple (MySQL Enterprise LDAP simple bind), against
 * the emulated directory (accounts/directory.ts). The client side is
 * mysql_clear_password: the password arrives as cleartext + NUL, over TLS or
 * not (the server plugin does not check; clients refuse without TLS unless
 * told to, see docs/external-auth.md). The account's authentication_string
 * is the user's DN; an empty one means "search the directory for uid=<user>".
 * Every attempt counts as "using password: YES", as the plugin sets
 * password_used unconditionally.
 */
export const ldapSimple: AuthPlugin = {
  name: LDAP_SIMPLE_PLUGIN,
  clientName: 'mysql_clear_password',
  initialData: () => PASSWORD_QUESTION,
  async authenticate({ account, response, directory, userName }: AuthInput): Promise<AuthOutcome> {
    const path = 'clear';
    if (!account || !directory) return { ok: false, usedPassword: true, path };
    const dn = directory.resolve(account.authenticationString, userName ?? account.user);
    if (dn === null) return { ok: false, usedPassword: true, path };
    const ok = await directory.bind(dn, stripNul(response));
    return { ok, usedPassword: true, path };
  },
};
