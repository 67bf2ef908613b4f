import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Profile } from '../config/profiles.js';
import type { SystemVariables } from '../config/variables.js';
import type { Directory } from '../accounts/directory.js';
import type { AccountStore } from '../accounts/store.js';
import type { Session } from '../session/session.js';

/**
 * Everything shared by all connections of one emulator instance.
 * SQL executors and the auth decision read it; only `server/` builds it.
 */
export interface ServerState {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly variables: SystemVariables;
  readonly accounts: AccountStore;
  /** Schema names (case-sensitive, as on Linux). Always has the system schemas. */
  readonly databases: Set<string>;
  readonly logger: Logger;
  /** Server authentication plugins that are loaded and enabled (default: the profile's; see auth/plugins.ts). */
  readonly authPlugins?: ReadonlySet<string>;
  /** The emulated LDAP directory behind authentication_ldap_simple (see accounts/directory.ts). */
  readonly directory?: Directory;
  /** Open sessions by connection id. */
  readonly sessions: Map<number, Session>;
}
