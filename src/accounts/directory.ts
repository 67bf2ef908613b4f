/**
 * The emulated LDAP directory behind authentication_ldap_simple: entries
 * keyed by distinguished name, each holding a bcrypt hash of the entry's
 * password (userPassword). These credentials are ours, not MySQL's, so they
 * use bcryptjs (DESIGN.md); they never touch the native or caching_sha2 path.
 *
 * Cost factor 8: bcryptjs is pure JavaScript, so one hash or compare costs
 * about 15-20 ms at 8 and four times that at the usual 10. Test suites log
 * in many times and this directory holds throwaway test passwords, so
 * speed wins; the cost is still a real bcrypt cost, visible in the hash.
 *
 * Hashing and checking are async (bcryptjs's callback-based hash/compare
 * yield to the event loop between rounds), so a login never blocks other
 * connections. `set()` takes effect at once: the entry holds the pending
 * hash, and a login that comes before it settles waits for it.
 */
import { compare, hash } from 'bcryptjs';

export const DIRECTORY_BCRYPT_COST = 8;

/** bcrypt reads only the first 72 bytes of a password. */
const BCRYPT_MAX_BYTES = 72;

/**
 * DN comparison as an LDAP server does it for these simple DNs: attribute
 * types and (case-ignoring matching rule) values compare without case, and
 * spaces around ',' '=' and '+' are not significant.
 */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}

/** The value of the first RDN when its attribute is `attr` (e.g. 'uid'), else null. */
function firstRdnValue(dn: string, attr: string): string | null {
  const first = normalizeDn(dn).split(',')[0] ?? '';
  const eq = first.indexOf('=');
  return eq > 0 && first.slice(0, eq) === attr.toLowerCase() ? first.slice(eq + 1) : null;
}

export class Directory {
  /** Normalised DN -> { the DN as given, its (pending) bcrypt hash }. */
  private readonly entries = new Map<string, { dn: string; hash: Promise<string> }>();

  /**
   * Adds or replaces an entry. Effective for every login that starts after
   * this call; the promise settles once the password is hashed. Rejects
   * passwords longer than bcrypt can hold (72 bytes) rather than truncating them.
   */
  set(dn: string, password: string): Promise<void> {
    if (normalizeDn(dn) === '') throw new Error('directory: empty DN');
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
      throw new Error(`directory: password for '${dn}' is longer than ${BCRYPT_MAX_BYTES} bytes`);
    }
    const pending = hash(password, DIRECTORY_BCRYPT_COST);
    this.entries.set(normalizeDn(dn), { dn, hash: pending });
    return pending.then(() => undefined);
  }

  /** Removes an entry; true when there was one. */
  delete(dn: string): boolean {
    return this.entries.delete(normalizeDn(dn));
  }

  has(dn: string): boolean {
    return this.entries.has(normalizeDn(dn));
  }

  /** The DNs held, as they were given. */
  list(): string[] {
    return [...this.entries.values()].map((e) => e.dn);
  }

  /** Loads DN -> cleartext entries (EmulatorOptions.directory, --ldap-directory). */
  async load(entries: Record<string, string>): Promise<void> {
    await Promise.all(Object.entries(entries).map(([dn, password]) => this.set(dn, password)));
  }

  /**
   * The entry an account's authentication_string names: the DN itself, or,
   * when the account names none, the one entry whose first RDN is
   * `attr=<user name>` (the plugin's search by authentication_ldap_simple_user_search_attr, 'uid').
   * Null when there is no such entry, or the search is ambiguous.
   */
  resolve(authenticationString: string, userName: string, attr = 'uid'): string | null {
    if (authenticationString.trim() !== '') {
      return this.entries.has(normalizeDn(authenticationString)) ? normalizeDn(authenticationString) : null;
    }
    const wanted = userName.toLowerCase();
    const found = [...this.entries.keys()].filter((key) => firstRdnValue(key, attr) === wanted);
    return found.length === 1 ? found[0]! : null;
  }

  /**
   * A simple bind: does `password` match the entry's? Empty passwords never
   * bind (an LDAP "unauthenticated bind" is not a login). Async, so the
   * event loop keeps running while bcrypt works.
   */
  async bind(dnKey: string, password: Buffer): Promise<boolean> {
    const entry = this.entries.get(normalizeDn(dnKey));
    if (!entry || password.length === 0 || password.length > BCRYPT_MAX_BYTES) return false;
    return compare(password.toString('utf8'), await entry.hash);
  }
}
