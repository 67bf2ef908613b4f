/**
 * Account statements: CREATE / ALTER / DROP / RENAME USER, SET PASSWORD,
 * GRANT / REVOKE, SHOW GRANTS, CREATE / DROP DATABASE, FLUSH, INSTALL /
 * UNINSTALL COMPONENT, UPDATE of the grant tables, with each profile's
 * grammar (dialect.ts).
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import { allowsUserFunctionInAlterUser, authClauseGrammar, alterUserExpireOnly, grantTakesIdentifiedBy, hasDualPasswords, hasFailedLoginTracking, hasPasswordFunction } from './dialect.js';
import { RESERVED } from './parser-base.js';
import { SelectParser } from './select.js';

/** Punctuation an unquoted host name may contain (its words and numbers are glued around them). */
const HOST_NAME_OPS: ReadonlySet<string> = new Set(['.', '-', '%', '/', ':', '_']);

/** WITH resource options and the AccountOptions field each sets. */
const RESOURCE_OPTIONS: Partial<Record<string, keyof A.ResourceLimits>> = {
  MAX_QUERIES_PER_HOUR: 'maxQueriesPerHour',
  MAX_UPDATES_PER_HOUR: 'maxUpdatesPerHour',
  MAX_CONNECTIONS_PER_HOUR: 'maxConnectionsPerHour',
  MAX_USER_CONNECTIONS: 'maxUserConnections',
};

export class AccountStatementParser extends SelectParser {
  /** 'u'@'h', `u`@`h`, "u"@"h", u@h, 'u' (host '%'), CURRENT_USER[()]. */
  protected userSpec(allowSessionUser = false): A.UserSpec {
    const t = this.tok;
    if (this.isWord('CURRENT_USER')) {
      this.pos++;
      if (this.acceptOp('(')) this.expectOp(')');
      return { kind: 'currentUser' };
    }
    if (allowSessionUser && this.isWord('USER') && this.isOp('(', this.peek())) {
      if (!allowsUserFunctionInAlterUser(this.profile)) throw this.error(this.peek());
      this.pos++;
      this.expectOp('(');
      this.expectOp(')');
      return { kind: 'sessionUser' };
    }
    let user: string;
    if (t.kind === 'string' || t.kind === 'quoted' || t.kind === 'word') {
      if (t.kind === 'word' && RESERVED.has(t.upper)) throw this.error();
      this.pos++;
      user = t.value;
    } else {
      throw this.error();
    }
    const h = this.tok;
    if (h.kind === 'userVar') {
      // 'u' @'h' with a space reads as a user variable token.
      this.pos++;
      return { kind: 'account', user, host: h.value };
    }
    if (this.acceptOp('@')) return { kind: 'account', user, host: this.hostName() };
    return { kind: 'account', user, host: '%', hostOmitted: true };
  }

  protected hostName(): string {
    const t = this.tok;
    if (t.kind === 'string' || t.kind === 'quoted') {
      this.pos++;
      return t.value;
    }
    // Unquoted host: glue adjacent name tokens (localhost, 192.168.0.%, host-1.example.com,
    // 127.0.0.1/255.255.255.255); an operator such as '=' ends it (SET PASSWORD FOR u@h='x').
    if (t.kind === 'eof' || (t.kind === 'op' && !HOST_NAME_OPS.has(t.value))) throw this.error();
    let end = this.pos;
    for (;;) {
      const next = this.tokens.at(end + 1);
      if (next.kind === 'eof' || next.start !== this.tokens.at(end).end) break;
      if (next.kind === 'op' ? !HOST_NAME_OPS.has(next.value) : next.kind !== 'word' && next.kind !== 'number') break;
      end++;
    }
    const text = this.sql.slice(t.start, this.tokens.at(end).end);
    this.pos = end + 1;
    return text;
  }

  protected userList(): A.UserSpec[] {
    const users: A.UserSpec[] = [];
    do users.push(this.userSpec());
    while (this.acceptOp(','));
    return users;
  }

  protected ifExists(): boolean {
    if (this.isWord('IF') && this.isWord('EXISTS', this.peek())) {
      this.pos += 2;
      return true;
    }
    return false;
  }

  protected ifNotExists(): boolean {
    if (this.isWord('IF') && this.isWord('NOT', this.peek()) && this.isWord('EXISTS', this.peek(2))) {
      this.pos += 3;
      return true;
    }
    return false;
  }

  protected create(): A.Statement | null {
    const what = this.peek();
    if (this.isWord('USER', what)) {
      this.pos += 2;
      return this.createUser();
    }
    if (this.isWord('DATABASE', what) || this.isWord('SCHEMA', what)) {
      this.pos += 2;
      return this.createDatabase();
    }
    if (this.isWord('ROLE', what)) return this.createRole(what);
    if (this.isWord('OR', what) && this.isWord('REPLACE', this.peek(2)) && this.isWord('ROLE', this.peek(3)) && this.profile.roleStatements === 'mariadb') {
      this.pos += 4;
      return this.createRoleRest(true);
    }
    return null;
  }

  /** CREATE ROLE: MySQL 8's role list, MariaDB's one role [WITH ADMIN ...], 5.x's 1064 at ROLE. */
  private createRole(what: ReturnType<AccountStatementParser['peek']>): A.Statement {
    const grammar = this.profile.roleStatements;
    if (grammar === 'syntax-error') throw this.error(what);
    if (grammar === 'unsupported') return this.unsupportedByLeader(2);
    this.pos += 2;
    return this.createRoleRest(false);
  }

  private createRoleRest(orReplace: boolean): A.CreateRoleStmt {
    const ifNotExists = this.ifNotExists();
    if (this.profile.roleStatements === 'mariadb') {
      const stmt: A.CreateRoleStmt = { kind: 'createRole', ifNotExists, roles: [this.roleName()] };
      if (orReplace) stmt.orReplace = true;
      if (this.acceptWords('WITH', 'ADMIN')) {
        if (this.acceptWord('CURRENT_ROLE')) {
          if (this.acceptOp('(')) this.expectOp(')');
          stmt.withAdmin = 'CURRENT_ROLE';
        } else {
          stmt.withAdmin = this.userSpec();
        }
      }
      return stmt;
    }
    return { kind: 'createRole', ifNotExists, roles: this.roleList() };
  }

  /** A role name: MySQL's `role[@host]` (host '%' when omitted), MariaDB's bare name (host ''). */
  protected roleName(): A.UserSpec {
    if (this.profile.roleStatements !== 'mariadb') return this.userSpec();
    const t = this.tok;
    if (t.kind === 'string' || t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper))) {
      this.pos++;
      return { kind: 'account', user: t.value, host: '' };
    }
    throw this.error();
  }

  protected roleList(): A.UserSpec[] {
    const roles: A.UserSpec[] = [];
    do roles.push(this.roleName());
    while (this.acceptOp(','));
    return roles;
  }

  protected createUser(): A.CreateUserStmt {
    const ifNotExists = this.ifNotExists();
    const users: A.UserAuth[] = [];
    do {
      const u: A.UserAuth = { user: this.userSpec() };
      if (this.isWord('IDENTIFIED')) u.auth = this.authOption();
      while (this.acceptWord('AND')) {
        // Multi-factor authentication: further factors are parsed and not modelled.
        this.authOption();
      }
      users.push(u);
    } while (this.acceptOp(','));
    const options: A.AccountOptions = {};
    if (this.acceptWords('DEFAULT', 'ROLE')) options.defaultRoles = this.userList();
    this.accountOptions(options);
    return { kind: 'createUser', ifNotExists, users, options };
  }

  protected alterUser(): A.AlterUserStmt {
    if (alterUserExpireOnly(this.profile)) return this.alterUserPasswordExpire();
    const ifExists = this.ifExists();
    const users: A.UserAuth[] = [];
    const options: A.AccountOptions = {};
    do {
      const u: A.UserAuth = { user: this.userSpec(users.length === 0) };
      if (this.isWord('IDENTIFIED')) {
        u.auth = this.authOption();
        if (this.acceptWord('REPLACE')) u.replace = this.stringLiteral();
        if (this.isWord('RETAIN')) {
          this.dualPasswordGate();
          this.pos++;
          this.expectWord('CURRENT');
          this.expectWord('PASSWORD');
          u.retainCurrentPassword = true;
        }
      } else if (this.isWord('DISCARD')) {
        this.dualPasswordGate();
        this.pos++;
        this.expectWord('OLD');
        this.expectWord('PASSWORD');
        u.discardOldPassword = true;
      } else if (this.isWord('DEFAULT') && this.isWord('ROLE', this.peek())) {
        this.pos += 2;
        if (this.acceptWord('NONE')) options.defaultRoles = 'NONE';
        else if (this.acceptWord('ALL')) options.defaultRoles = 'ALL';
        else options.defaultRoles = this.userList();
        users.push(u);
        return { kind: 'alterUser', ifExists, users, options };
      } else if (this.isWord('ADD') || this.isWord('MODIFY') || (this.isWord('DROP') && /^\d/.test(this.peek().value))) {
        throw this.notSupported('multi-factor authentication');
      }
      users.push(u);
    } while (this.acceptOp(','));
    this.accountOptions(options);
    return { kind: 'alterUser', ifExists, users, options };
  }

  /** MySQL 5.6 (sql_yacc.yy): ALTER USER user_list PASSWORD EXPIRE, nothing else (no IF EXISTS, no USER()). */
  private alterUserPasswordExpire(): A.AlterUserStmt {
    const users: A.UserAuth[] = [];
    do users.push({ user: this.userSpec(false) });
    while (this.acceptOp(','));
    this.expectWord('PASSWORD');
    this.expectWord('EXPIRE');
    return { kind: 'alterUser', ifExists: false, users, options: { passwordExpire: 'NOW' } };
  }

  protected authOption(): A.AuthOption {
    this.expectWord('IDENTIFIED');
    if (this.acceptWord('BY')) {
      if (this.acceptWords('RANDOM', 'PASSWORD')) return { type: 'randomPassword' };
      if (this.isWord('PASSWORD') && hasPasswordFunction(this.profile)) {
        // MariaDB / 5.7: IDENTIFIED BY PASSWORD 'hash'
        this.pos++;
        return { type: 'pluginHash', plugin: this.profile.defaultAuthPlugin, hash: this.stringLiteral() };
      }
      return { type: 'password', password: this.stringLiteral() };
    }
    if (authClauseGrammar(this.profile) === 'mariadb') {
      if (!this.acceptWord('VIA')) this.expectWord('WITH');
      const plugin = this.identifier(true);
      if (this.acceptWord('USING') || this.acceptWord('AS')) {
        if (this.isWord('PASSWORD') && this.isOp('(', this.peek())) {
          this.pos += 2;
          const password = this.stringLiteral();
          this.expectOp(')');
          return { type: 'pluginPassword', plugin, password };
        }
        return { type: 'pluginHash', plugin, hash: this.stringLiteral() };
      }
      if (this.isWord('OR')) throw this.notSupported('IDENTIFIED VIA ... OR');
      return { type: 'plugin', plugin };
    }
    this.expectWord('WITH');
    const plugin = this.identifier(true);
    if (this.acceptWord('BY')) {
      if (this.acceptWords('RANDOM', 'PASSWORD')) return { type: 'pluginRandomPassword', plugin };
      return { type: 'pluginPassword', plugin, password: this.stringLiteral() };
    }
    if (this.acceptWord('AS')) return { type: 'pluginHash', plugin, hash: this.stringLiteral() };
    return { type: 'plugin', plugin };
  }

  /** REQUIRE, WITH resource options, password/lock options, COMMENT/ATTRIBUTE, in any order MySQL allows. */
  protected accountOptions(o: A.AccountOptions): void {
    if (this.acceptWord('REQUIRE')) o.require = this.tlsRequirement();
    if (this.acceptWord('WITH')) {
      const r: A.ResourceLimits = {};
      let any = false;
      for (;;) {
        const key = (
          {
            MAX_QUERIES_PER_HOUR: 'maxQueriesPerHour',
            MAX_UPDATES_PER_HOUR: 'maxUpdatesPerHour',
            MAX_CONNECTIONS_PER_HOUR: 'maxConnectionsPerHour',
            MAX_USER_CONNECTIONS: 'maxUserConnections',
          } as const
        )[this.tok.upper as 'MAX_QUERIES_PER_HOUR'];
        if (!key || this.tok.kind !== 'word') break;
        this.pos++;
        r[key] = this.unsignedInt();
        any = true;
      }
      if (!any) throw this.error();
      o.resources = r;
    }
    for (;;) {
      if (this.acceptWord('PASSWORD')) {
        this.passwordOption(o);
      } else if (this.acceptWord('ACCOUNT')) {
        if (this.acceptWord('LOCK')) o.accountLocked = true;
        else if (this.acceptWord('UNLOCK')) o.accountLocked = false;
        else throw this.error();
      } else if (hasFailedLoginTracking(this.profile) && this.acceptWord('FAILED_LOGIN_ATTEMPTS')) {
        o.failedLoginAttempts = this.unsignedInt();
        if (o.failedLoginAttempts > 0x7fff) throw mysqlError('ER_WRONG_VALUE', 'FAILED_LOGIN_ATTEMPTS', String(o.failedLoginAttempts));
      } else if (hasFailedLoginTracking(this.profile) && this.acceptWord('PASSWORD_LOCK_TIME')) {
        o.passwordLockTime = this.acceptWord('UNBOUNDED') ? 'UNBOUNDED' : this.unsignedInt();
        if (typeof o.passwordLockTime === 'number' && o.passwordLockTime > 0x7fff) {
          throw mysqlError('ER_WRONG_VALUE', 'PASSWORD_LOCK_TIME', String(o.passwordLockTime));
        }
      } else {
        break;
      }
    }
    if (this.acceptWord('COMMENT')) o.comment = this.stringLiteral();
    else if (this.acceptWord('ATTRIBUTE')) o.attribute = this.stringLiteral();
  }

  protected passwordOption(o: A.AccountOptions): void {
    if (this.acceptWord('EXPIRE')) {
      if (this.acceptWord('DEFAULT')) o.passwordExpire = 'DEFAULT';
      else if (this.acceptWord('NEVER')) o.passwordExpire = 'NEVER';
      else if (this.acceptWord('INTERVAL')) {
        // sql_yacc.yy: 0 or more than 65535 days is ER_WRONG_VALUE, raised while parsing.
        const days = this.unsignedInt();
        if (days === 0 || days > 0xffff) throw mysqlError('ER_WRONG_VALUE', 'DAY', String(days));
        o.passwordExpire = { intervalDays: days };
        this.expectWord('DAY');
      } else o.passwordExpire = 'NOW';
    } else if (this.acceptWord('HISTORY')) {
      o.passwordHistory = this.acceptWord('DEFAULT') ? 'DEFAULT' : this.unsignedInt();
    } else if (this.acceptWord('REUSE')) {
      this.expectWord('INTERVAL');
      if (this.acceptWord('DEFAULT')) o.passwordReuseInterval = 'DEFAULT';
      else {
        o.passwordReuseInterval = this.unsignedInt();
        this.expectWord('DAY');
      }
    } else if (this.acceptWord('REQUIRE')) {
      this.expectWord('CURRENT');
      if (this.acceptWord('DEFAULT')) o.passwordRequireCurrent = 'DEFAULT';
      else if (this.acceptWord('OPTIONAL')) o.passwordRequireCurrent = 'OPTIONAL';
      else o.passwordRequireCurrent = 'REQUIRED';
    } else {
      throw this.error();
    }
  }

  protected tlsRequirement(): A.TlsRequirement {
    if (this.acceptWord('NONE')) return { type: 'NONE' };
    if (this.acceptWord('SSL')) return { type: 'SSL' };
    if (this.acceptWord('X509')) return { type: 'X509' };
    const spec: { type: 'SPECIFIED'; cipher?: string; issuer?: string; subject?: string } = { type: 'SPECIFIED' };
    let any = false;
    for (;;) {
      if (any) this.acceptWord('AND');
      if (this.acceptWord('CIPHER')) spec.cipher = this.stringLiteral();
      else if (this.acceptWord('ISSUER')) spec.issuer = this.stringLiteral();
      else if (this.acceptWord('SUBJECT')) spec.subject = this.stringLiteral();
      else if (any) break;
      else throw this.error();
      any = true;
    }
    return spec;
  }

  protected drop(): A.Statement | null {
    const what = this.peek();
    if (this.isWord('USER', what)) {
      this.pos += 2;
      const ifExists = this.ifExists();
      return { kind: 'dropUser', ifExists, users: this.userList() };
    }
    if (this.isWord('DATABASE', what) || this.isWord('SCHEMA', what)) {
      this.pos += 2;
      const ifExists = this.ifExists();
      return { kind: 'dropDatabase', ifExists, name: this.identifier() };
    }
    if (this.isWord('ROLE', what)) {
      const grammar = this.profile.roleStatements;
      if (grammar === 'syntax-error') throw this.error(what);
      if (grammar === 'unsupported') return this.unsupportedByLeader(2);
      this.pos += 2;
      const ifExists = this.ifExists();
      return { kind: 'dropRole', ifExists, roles: this.roleList() };
    }
    return null;
  }

  /**
   * SET ROLE (after SET): MySQL 8's DEFAULT | NONE | ALL [EXCEPT role, ...] |
   * role, ...; MariaDB's NONE | role.
   */
  protected setRole(): A.SetRoleStmt {
    this.expectWord('ROLE');
    if (this.profile.roleStatements === 'mariadb') {
      if (this.acceptWord('NONE')) return { kind: 'setRole', mode: 'NONE', roles: [] };
      return { kind: 'setRole', mode: 'LIST', roles: [this.roleName()] };
    }
    if (this.acceptWord('DEFAULT')) return { kind: 'setRole', mode: 'DEFAULT', roles: [] };
    if (this.acceptWord('NONE')) return { kind: 'setRole', mode: 'NONE', roles: [] };
    if (this.acceptWord('ALL')) return { kind: 'setRole', mode: 'ALL', roles: this.acceptWord('EXCEPT') ? this.roleList() : [] };
    return { kind: 'setRole', mode: 'LIST', roles: this.roleList() };
  }

  /** SET DEFAULT ROLE (after SET): MySQL 8's {NONE | ALL | role, ...} TO user, ...; MariaDB's {NONE | role} [FOR user]. */
  protected setDefaultRole(): A.SetDefaultRoleStmt {
    this.expectWord('DEFAULT');
    this.expectWord('ROLE');
    if (this.profile.roleStatements === 'mariadb') {
      const stmt: A.SetDefaultRoleStmt = this.acceptWord('NONE')
        ? { kind: 'setDefaultRole', mode: 'NONE', roles: [], to: [] }
        : { kind: 'setDefaultRole', mode: 'LIST', roles: [this.roleName()], to: [] };
      if (this.acceptWord('FOR')) stmt.to = [this.userSpec()];
      return stmt;
    }
    let stmt: A.SetDefaultRoleStmt;
    if (this.acceptWord('NONE')) stmt = { kind: 'setDefaultRole', mode: 'NONE', roles: [], to: [] };
    else if (this.acceptWord('ALL')) stmt = { kind: 'setDefaultRole', mode: 'ALL', roles: [], to: [] };
    else stmt = { kind: 'setDefaultRole', mode: 'LIST', roles: this.roleList(), to: [] };
    this.expectWord('TO');
    stmt.to = this.userList();
    return stmt;
  }

  protected renameUser(): A.RenameUserStmt {
    const renames: { from: A.UserSpec; to: A.UserSpec }[] = [];
    do {
      const from = this.userSpec();
      this.expectWord('TO');
      renames.push({ from, to: this.userSpec() });
    } while (this.acceptOp(','));
    return { kind: 'renameUser', renames };
  }

  protected createDatabase(): A.CreateDatabaseStmt {
    const ifNotExists = this.ifNotExists();
    const stmt: A.CreateDatabaseStmt = { kind: 'createDatabase', ifNotExists, name: this.identifier() };
    for (;;) {
      this.acceptWord('DEFAULT');
      if (this.acceptWords('CHARACTER', 'SET') || this.acceptWord('CHARSET')) {
        this.acceptOp('=');
        stmt.charset = this.identifier(true).toLowerCase();
      } else if (this.acceptWord('COLLATE')) {
        this.acceptOp('=');
        stmt.collation = this.identifier(true).toLowerCase();
      } else if (this.acceptWord('ENCRYPTION')) {
        this.acceptOp('=');
        this.stringLiteral();
      } else {
        break;
      }
    }
    return stmt;
  }

  /** A privilege or role list entry: words (SELECT, CREATE USER, APPLICATION_PASSWORD_ADMIN) or a quoted role. */
  protected privilegeOrRoleList(): { privileges: A.Privilege[]; roles: A.UserSpec[] } {
    const privileges: A.Privilege[] = [];
    const roles: A.UserSpec[] = [];
    do {
      const t = this.tok;
      if (t.kind === 'string' || t.kind === 'quoted' || (t.kind === 'word' && this.isOp('@', this.peek()))) {
        roles.push(this.userSpec());
        continue;
      }
      if (t.kind !== 'word') throw this.error();
      const words: string[] = [];
      while (this.tok.kind === 'word' && !['ON', 'TO', 'FROM'].includes(this.tok.upper)) words.push(this.advance().upper);
      if (words.length === 0) throw this.error();
      let name = words.join(' ');
      if (name === 'ALL PRIVILEGES') name = 'ALL';
      const p: A.Privilege = { name };
      if (this.acceptOp('(')) {
        p.columns = [];
        do p.columns.push(this.identifier());
        while (this.acceptOp(','));
        this.expectOp(')');
      }
      privileges.push(p);
      if (words.length === 1) roles.push({ kind: 'account', user: t.value, host: '%' });
    } while (this.acceptOp(','));
    return { privileges, roles };
  }

  protected grantTarget(): A.GrantTarget {
    const target: A.GrantTarget = { database: null, table: '*' };
    if (this.acceptWord('TABLE')) target.objectType = 'TABLE';
    else if (this.acceptWord('FUNCTION')) target.objectType = 'FUNCTION';
    else if (this.acceptWord('PROCEDURE')) target.objectType = 'PROCEDURE';
    const first = this.acceptOp('*') ? '*' : this.identifier();
    if (this.acceptOp('.')) {
      target.database = first;
      target.table = this.acceptOp('*') ? '*' : this.identifierAfterDot();
    } else {
      target.table = first;
    }
    return target;
  }

  protected grant(): A.Statement {
    if (this.isWord('PROXY')) return this.unsupportedByLeader(1);
    const first = this.tok;
    const list = this.privilegeOrRoleList();
    if (this.acceptWord('ON')) {
      if (list.privileges.length === 0) throw this.error();
      const on = this.grantTarget();
      this.expectWord('TO');
      if (grantTakesIdentifiedBy(this.profile)) return this.legacyGrant(list.privileges, on);
      const to = this.userList();
      if (this.isWord('IDENTIFIED')) throw this.error();
      let withGrantOption = false;
      if (this.isWord('WITH') && this.isWord('GRANT', this.peek())) {
        this.pos += 2;
        this.expectWord('OPTION');
        withGrantOption = true;
      }
      const stmt: A.GrantStmt = { kind: 'grant', privileges: list.privileges, on, to, withGrantOption };
      if (this.acceptWord('AS')) {
        stmt.as = this.userSpec();
        if (this.acceptWords('WITH', 'ROLE')) this.skipRoleClause();
      }
      return stmt;
    }
    // 5.x has no role grants: its grammar wants a privilege there.
    if (this.profile.roleStatements === 'syntax-error') throw this.error(first);
    this.expectWord('TO');
    const to = this.userList();
    let withAdminOption = false;
    if (this.acceptWord('WITH')) {
      this.expectWord('ADMIN');
      this.expectWord('OPTION');
      withAdminOption = true;
    }
    return { kind: 'grantRole', roles: list.roles, to, withAdminOption };
  }

  /**
   * 5.x / MariaDB GRANT: TO user [IDENTIFIED ...] [, ...] [REQUIRE ...]
   * [WITH {GRANT OPTION | resource option} ...].
   */
  private legacyGrant(privileges: A.Privilege[], on: A.GrantTarget): A.GrantStmt {
    const to: A.UserSpec[] = [];
    const auths: (A.AuthOption | undefined)[] = [];
    do {
      to.push(this.userSpec());
      auths.push(this.isWord('IDENTIFIED') ? this.authOption() : undefined);
    } while (this.acceptOp(','));
    const options: A.AccountOptions = {};
    if (this.acceptWord('REQUIRE')) options.require = this.tlsRequirement();
    let withGrantOption = false;
    if (this.acceptWord('WITH')) {
      const r: A.ResourceLimits = {};
      let any = false;
      for (;;) {
        if (this.acceptWords('GRANT', 'OPTION')) withGrantOption = true;
        else if (this.tok.kind === 'word' && RESOURCE_OPTIONS[this.tok.upper]) {
          const key = RESOURCE_OPTIONS[this.advance().upper]!;
          r[key] = this.unsignedInt();
          any = true;
        } else break;
      }
      if (any) options.resources = r;
      else if (!withGrantOption) throw this.error();
    }
    const stmt: A.GrantStmt = { kind: 'grant', privileges, on, to, withGrantOption, auths };
    if (options.require || options.resources) stmt.options = options;
    return stmt;
  }

  protected skipRoleClause(): void {
    if (this.acceptWord('DEFAULT') || this.acceptWord('NONE')) return;
    if (this.acceptWord('ALL')) {
      if (this.acceptWord('EXCEPT')) this.userList();
      return;
    }
    this.userList();
  }

  protected revoke(): A.Statement {
    const ifExists = this.ifExists();
    if (this.isWord('PROXY')) return this.unsupportedByLeader(1);
    const revokeAll =
      this.isWord('ALL') &&
      (this.isOp(',', this.peek()) || (this.isWord('PRIVILEGES', this.peek()) && this.isOp(',', this.peek(2))));
    if (revokeAll) {
      this.pos++;
      this.acceptWord('PRIVILEGES');
      this.expectOp(',');
      this.expectWord('GRANT');
      this.expectWord('OPTION');
      this.expectWord('FROM');
      const from = this.userList();
      return { kind: 'revoke', ifExists, privileges: [], all: true, from, ignoreUnknownUser: this.ignoreUnknownUser() };
    }
    const first = this.tok;
    const list = this.privilegeOrRoleList();
    if (this.acceptWord('ON')) {
      if (list.privileges.length === 0) throw this.error();
      const on = this.grantTarget();
      this.expectWord('FROM');
      const from = this.userList();
      return {
        kind: 'revoke',
        ifExists,
        privileges: list.privileges,
        all: false,
        on,
        from,
        ignoreUnknownUser: this.ignoreUnknownUser(),
      };
    }
    if (this.profile.roleStatements === 'syntax-error') throw this.error(first);
    this.expectWord('FROM');
    const from = this.userList();
    return { kind: 'revokeRole', ifExists, roles: list.roles, from, ignoreUnknownUser: this.ignoreUnknownUser() };
  }

  protected ignoreUnknownUser(): boolean {
    return this.acceptWords('IGNORE', 'UNKNOWN', 'USER');
  }

  protected flush(): A.Statement {
    if (!this.acceptWord('NO_WRITE_TO_BINLOG')) this.acceptWord('LOCAL');
    if (this.acceptWord('PRIVILEGES')) return { kind: 'flushPrivileges' };
    if (this.acceptWord('USER_RESOURCES')) return { kind: 'flushPrivileges', target: 'USER_RESOURCES' };
    if (this.acceptWord('STATUS')) return { kind: 'flushPrivileges', target: 'STATUS' };
    const what = this.tok.kind === 'word' ? ` ${this.tok.upper}` : '';
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: `FLUSH${what}` };
  }

  protected component(install: boolean): A.Statement {
    if (!this.isWord('COMPONENT', this.peek())) return this.unsupportedByLeader(2);
    this.pos += 2;
    const components: string[] = [];
    do components.push(this.stringLiteral());
    while (this.acceptOp(','));
    if (install && this.acceptWord('SET')) throw this.notSupported('INSTALL COMPONENT ... SET');
    return install ? { kind: 'installComponent', components } : { kind: 'uninstallComponent', components };
  }

  protected update(): A.UpdateStmt {
    this.acceptWord('LOW_PRIORITY');
    this.acceptWord('IGNORE');
    const table = this.tableRef();
    if (this.isOp(',') || this.isWord('JOIN')) throw this.notSupported('multi-table UPDATE');
    this.expectWord('SET');
    const assignments: A.UpdateStmt['assignments'] = [];
    do {
      const column = this.columnRef();
      if (column.kind !== 'column') throw this.error();
      this.expectOp('=');
      if (this.isWord('DEFAULT') && !this.isOp('(', this.peek())) {
        this.pos++;
        assignments.push({ column, value: 'DEFAULT' });
      } else {
        assignments.push({ column, value: this.expr() });
      }
    } while (this.acceptOp(','));
    const stmt: A.UpdateStmt = { kind: 'update', table, assignments };
    if (this.acceptWord('WHERE')) stmt.where = this.expr();
    if (this.acceptWords('ORDER', 'BY')) stmt.orderBy = this.orderList();
    if (this.acceptWord('LIMIT')) stmt.limit = this.limitValue();
    return stmt;
  }

  /**
   * DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM t [[AS] alias] [WHERE ...]
   * [ORDER BY ...] [LIMIT n]; null for the multi-table forms (DELETE t1 FROM
   * ..., DELETE FROM t1 USING ..., joins), left to classify.ts.
   */
  protected singleTableDelete(): A.DeleteStmt | null {
    const start = this.pos;
    this.pos++;
    while (this.acceptWord('LOW_PRIORITY') || this.acceptWord('QUICK') || this.acceptWord('IGNORE'));
    if (!this.acceptWord('FROM')) {
      this.pos = start;
      return null;
    }
    const table = this.tableRef();
    if (this.isOp(',') || this.isWord('USING') || this.isWord('JOIN') || this.isWord('PARTITION') || this.isOp('.')) {
      this.pos = start;
      return null;
    }
    const stmt: A.DeleteStmt = { kind: 'delete', table };
    if (this.acceptWord('WHERE')) stmt.where = this.expr();
    if (this.acceptWords('ORDER', 'BY')) stmt.orderBy = this.orderList();
    if (this.acceptWord('LIMIT')) stmt.limit = this.limitValue();
    return stmt;
  }

  protected setPassword(): A.SetPasswordStmt {
    const stmt: A.SetPasswordStmt = { kind: 'setPassword' };
    if (this.acceptWord('FOR')) stmt.user = this.userSpec();
    if (this.acceptWords('TO', 'RANDOM')) {
      stmt.random = true;
    } else {
      this.expectOp('=');
      if (this.isWord('PASSWORD') && hasPasswordFunction(this.profile)) {
        this.pos++;
        this.expectOp('(');
        stmt.password = this.stringLiteral();
        this.expectOp(')');
        stmt.hashFunction = true;
      } else {
        stmt.password = this.stringLiteral();
      }
    }
    if (this.acceptWord('REPLACE')) stmt.replace = this.stringLiteral();
    if (this.isWord('RETAIN')) {
      this.dualPasswordGate();
      this.pos++;
      this.expectWord('CURRENT');
      this.expectWord('PASSWORD');
      stmt.retainCurrentPassword = true;
    }
    return stmt;
  }

  protected dualPasswordGate(): void {
    if (!hasDualPasswords(this.profile)) throw this.error();
  }

  protected showGrants(): A.ShowGrantsStmt {
    const stmt: A.ShowGrantsStmt = { kind: 'showGrants' };
    if (this.acceptWord('FOR')) {
      stmt.user = this.userSpec();
      if (this.acceptWord('USING')) stmt.using = this.userList();
    }
    return stmt;
  }
}
