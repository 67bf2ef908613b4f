import type { Clock } from '../clock.js';
import { type Account, newAccount } from './account.js';
import { type ClientAddress, hostMatches, aclOrder } from './host-match.js';
import { LoginLocks } from './login-lock.js';

/** One caching_sha2 fast-auth cache entry, as the fast path sees it. */
export interface CachedDigest {
  digest: Buffer;
  /** The digest is of the account's retained (secondary) password. */
  secondary: boolean;
}

/** What the cache stores: the digest and the stored credential it was verified against. */
interface CacheEntry {
  digest: Buffer;
  /** The authentication_string (primary or retained) the password matched when the digest was made. */
  authenticationString: string;
}

/** One mysql.password_history row. */
export interface PasswordHistoryEntry {
  timestamp: number;
  hash: string;
}

/** The grant tables beside the login copy (sql/catalog/grant-tables.ts reads and writes them). */
export interface GrantTableState {
  /** mysql.user after direct edits not yet flushed; null when the table equals the login copy. */
  pending: Account[] | null;
  /** mysql.password_history by account key, newest first. */
  history: Map<string, PasswordHistoryEntry[]>;
}

/**
 * The in-memory mysql.user store: accounts keyed by (user, host), kept in
 * MySQL's match order, and the caching_sha2_password fast-auth cache.
 * Pure domain logic: no sockets, no SQL.
 */
export class AccountStore {
  private accounts: Account[] = [];
  /** get()'s index: the accounts by user name, in match order; null after any change. */
  private byUser: Map<string, Account[]> | null = null;
  /**
   * caching_sha2 fast-auth cache: account key -> SHA256(SHA256(password)) of
   * each password that logged in, with the stored credential it matched.
   * An entry counts only while that credential is still the account's
   * primary or retained password (MySQL keys its cache to the current
   * authentication string), so a login that completes after a password
   * change can never make a replaced password usable again.
   */
  private readonly sha2Cache = new Map<string, CacheEntry[]>();
  /** Failed-login tracking (FAILED_LOGIN_ATTEMPTS, max_password_errors), per account object as in ACL_USER. */
  readonly loginLocks = new LoginLocks();
  /** The grant tables as SQL edits them: a pending mysql.user copy and mysql.password_history. */
  readonly grantTables: GrantTableState = { pending: null, history: new Map() };
  private sequence = 0;

  /** `order`: the server's account order for matching (host-match.ts aclOrder()). */
  constructor(
    readonly clock: Clock,
    private readonly order: 'ip-first' | 'sort-value' = 'sort-value',
  ) {}

  static key(user: string, host: string): string {
    return `${user}\0${host.toLowerCase()}`;
  }

  /** All accounts, in match order. */
  list(): readonly Account[] {
    return this.accounts;
  }

  /**
   * The account with exactly this user name and host pattern (host compared
   * case-insensitively). Looked up among the accounts of that user name
   * (an index made on first use after a change): a login asks several
   * times, and a server may hold thousands of accounts.
   */
  get(user: string, host: string): Account | undefined {
    const same = (this.byUser ??= this.indexByUser()).get(user);
    if (!same) return undefined;
    const h = host.toLowerCase();
    return same.find((a) => a.host.toLowerCase() === h);
  }

  private indexByUser(): Map<string, Account[]> {
    const index = new Map<string, Account[]>();
    for (const a of this.accounts) {
      const list = index.get(a.user);
      if (list) list.push(a);
      else index.set(a.user, [a]);
    }
    return index;
  }

  /**
   * The account a login as `user` from `client` uses: the first in match
   * order whose host matches and whose user is `user` or anonymous (''),
   * among the accounts `loaded` accepts (the rows the privilege load kept).
   */
  match(user: string, client: ClientAddress, loaded: (a: Account) => boolean = () => true): Account | undefined {
    // A MariaDB role is no login (its host is '').
    return this.accounts.find((a) => !a.isRole && (a.user === user || a.user === '') && hostMatches(a.host, client) && loaded(a));
  }

  /** The next number of a sequence that orders what is added (MariaDB's roles_mapping rows). */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Adds a new account (CREATE USER); the caller checks it does not exist. */
  add(account: Account): void {
    this.accounts.push(account);
    this.sort();
  }

  /** Creates and adds an account with CREATE USER's defaults. */
  create(user: string, host: string, plugin: string, authenticationString: string): Account {
    const account = newAccount(user, host, plugin, this.clock.now());
    account.authenticationString = authenticationString;
    this.add(account);
    return account;
  }

  remove(account: Account): void {
    this.accounts = this.accounts.filter((a) => a !== account);
    this.byUser = null;
    this.forgetCachedPasswords(account);
  }

  rename(account: Account, user: string, host: string): void {
    this.forgetCachedPasswords(account);
    account.user = user;
    account.host = host;
    this.sort();
  }

  /** Replace every account at once (FLUSH PRIVILEGES from edited grant tables, atomic multi-account DDL). */
  replaceAll(accounts: Account[]): void {
    this.accounts = accounts;
    this.sha2Cache.clear();
    this.sort();
  }

  // ------------------------------------------------ caching_sha2 fast-auth cache

  cachedDigests(account: Account): readonly Buffer[] {
    return this.cachedEntries(account).map((e) => e.digest);
  }

  /**
   * The cached digests that are valid for the account's credentials now,
   * with which of its two passwords each one belongs to.
   */
  cachedEntries(account: Account): readonly CachedDigest[] {
    const list = this.sha2Cache.get(AccountStore.key(account.user, account.host));
    if (!list) return [];
    const out: CachedDigest[] = [];
    for (const e of list) {
      if (e.authenticationString === '') continue;
      if (e.authenticationString === account.authenticationString) out.push({ digest: e.digest, secondary: false });
      else if (e.authenticationString === account.additionalPassword) out.push({ digest: e.digest, secondary: true });
    }
    return out;
  }

  /**
   * After a successful full authentication: `authenticationString` is the
   * stored credential the password was verified against. Nothing is
   * remembered unless that credential is still the account's primary or
   * retained password in this store (a change may have landed meanwhile).
   */
  rememberDigest(account: Account, digest: Buffer, authenticationString: string): void {
    const current = this.get(account.user, account.host);
    if (!current || authenticationString === '') return;
    if (authenticationString !== current.authenticationString && authenticationString !== current.additionalPassword) return;
    const key = AccountStore.key(current.user, current.host);
    const list = (this.sha2Cache.get(key) ?? []).filter(
      (e) => e.authenticationString === current.authenticationString || e.authenticationString === current.additionalPassword,
    );
    if (!list.some((d) => d.digest.equals(digest))) list.push({ digest, authenticationString });
    this.sha2Cache.set(key, list);
  }

  /**
   * Cleared on any credential change (new password, RETAIN, DISCARD OLD
   * PASSWORD, plugin change), RENAME/DROP USER and FLUSH PRIVILEGES, as in
   * MySQL: the whole entry of the account goes, both passwords' digests.
   */
  forgetCachedPasswords(account: Account): void {
    this.sha2Cache.delete(AccountStore.key(account.user, account.host));
  }

  clearCache(): void {
    this.sha2Cache.clear();
  }

  /** The server's ACL order (aclOrder()); equal accounts keep their insertion order. */
  private sort(): void {
    this.byUser = null;
    const compare = aclOrder(this.order);
    this.accounts = this.accounts
      .map((a, i) => ({ a, i }))
      .sort((x, y) => compare(x.a, y.a) || x.i - y.i)
      .map(({ a }) => a);
  }
}
