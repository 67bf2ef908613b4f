/**
 * Partial revokes (MySQL 8.0.16+, partial_revokes = ON): a privilege held
 * globally can be revoked on one database, which leaves a restriction
 * (mysql.user User_attributes' Restrictions) instead of failing with 1141.
 * MySQL's Restrictions_aggregator family (sql/auth/partial_revokes.cc) as
 * pure functions over privilege sets: what a GRANT or REVOKE, global or on
 * a database, leaves as the grantee's restrictions, and how an active
 * role's restrictions combine with the session's (SET ROLE).
 *
 * Restrictions hold database-level privileges only (DB_ACLS); the sets may
 * hold any privilege names, the others simply never meet a restriction.
 */
import { mysqlError } from '../errors/mysql-error.js';
import { DATABASE_PRIVILEGES } from './privileges.js';

/** Database name -> privileges revoked there from the global grant. */
export type Restrictions = Map<string, Set<string>>;

type Privileges = ReadonlySet<string>;

const inter = (a: Privileges, b: Privileges): Set<string> => new Set([...a].filter((p) => b.has(p)));
const minus = (a: Privileges, b: Privileges): Set<string> => new Set([...a].filter((p) => !b.has(p)));
/** test_all_bits(a, b): every privilege of `b` is in `a`. */
const containsAll = (a: Privileges, b: Privileges): boolean => [...b].every((p) => a.has(p));

export function copyRestrictions(r: Restrictions): Restrictions {
  return new Map([...r].map(([db, privileges]) => [db, new Set(privileges)]));
}

/** DB_restrictions::add(): privileges join the database's restrictions. */
function add(r: Restrictions, db: string, privileges: Privileges): void {
  if (privileges.size === 0) return;
  const held = r.get(db);
  if (held) for (const p of privileges) held.add(p);
  else r.set(db, new Set(privileges));
}

/** DB_restrictions::remove(db, privileges) (an emptied database stays until dropEmpty()). */
function remove(r: Restrictions, db: string, privileges: Privileges): void {
  const held = r.get(db);
  if (held) for (const p of privileges) held.delete(p);
}

/** DB_restrictions::remove(0): databases left without restrictions go. */
function dropEmpty(r: Restrictions): void {
  for (const [db, privileges] of r) if (privileges.size === 0) r.delete(db);
}

function equal(a: Restrictions, b: Restrictions): boolean {
  if (a.size !== b.size) return false;
  for (const [db, privileges] of a) {
    const other = b.get(db);
    if (!other || other.size !== privileges.size || !containsAll(other, privileges)) return false;
  }
  return true;
}

/** 3901 ER_PARTIAL_REVOKE_AND_DB_GRANT_BOTH_EXISTS, naming the first privilege in MySQL's bit order. */
function checkCollision(dbAccess: Privileges, restricted: Privileges, db: string): void {
  const both = DATABASE_PRIVILEGES.find((p) => dbAccess.has(p) && restricted.has(p));
  if (both) throw mysqlError('ER_PARTIAL_REVOKE_AND_DB_GRANT_BOTH_EXISTS', both, db);
}

/** One side of a GRANT or REVOKE: its global privileges and restrictions. */
export interface PartialRevokeParty {
  user: string;
  host: string;
  global: Privileges;
  restrictions: Restrictions;
}

/** The grantee, and its database-level privileges (acl_get() of its own account: Bug#38921524's fix). */
export interface PartialRevokeGrantee extends PartialRevokeParty {
  dbAccess(db: string): Privileges;
}

/**
 * DB_restrictions_aggregator::aggregate_restrictions() for a global GRANT
 * (and, with `dbAccess` from the aggregated database map, for SET ROLE).
 */
function aggregate(grantor: PartialRevokeParty, grantee: PartialRevokeParty, requested: Privileges, dbAccess: (db: string) => Privileges): Restrictions {
  const out: Restrictions = new Map();
  if (grantor.restrictions.size > 0) {
    if (containsAll(grantee.global, requested) && grantee.restrictions.size === 0) return out;
    const granteeRl = copyRestrictions(grantee.restrictions);
    for (const [db, grantorRevokes] of grantor.restrictions) {
      let mask: Set<string>;
      const granteeRevokes = granteeRl.get(db);
      if (granteeRevokes) {
        const rm1 = minus(inter(grantorRevokes, requested), grantee.global);
        const rm2 = inter(inter(inter(grantorRevokes, grantee.global), granteeRevokes), grantor.global);
        mask = new Set([...rm1, ...rm2]);
        remove(granteeRl, db, inter(granteeRevokes, requested));
        dropEmpty(granteeRl);
      } else {
        mask = minus(minus(inter(grantorRevokes, requested), dbAccess(db)), grantee.global);
      }
      add(out, db, mask);
    }
    if (granteeRl.size > 0) {
      const negated = inter(grantor.global, requested);
      for (const privileges of granteeRl.values()) for (const p of negated) privileges.delete(p);
      dropEmpty(granteeRl);
      for (const [db, privileges] of granteeRl) add(out, db, privileges);
    }
    return out;
  }
  if (grantee.restrictions.size > 0) {
    const r = copyRestrictions(grantee.restrictions);
    for (const db of r.keys()) remove(r, db, requested);
    dropEmpty(r);
    return r;
  }
  return out;
}

/** GRANT ... ON *.* (DB_restrictions_aggregator_global_grant): the grantee's restrictions afterwards, or 3901. */
export function restrictionsAfterGlobalGrant(grantor: PartialRevokeParty, grantee: PartialRevokeGrantee, requested: Privileges): Restrictions {
  for (const [db, privileges] of grantee.restrictions) checkCollision(grantee.dbAccess(db), privileges, db);
  if (grantor.restrictions.size === 0 && grantee.restrictions.size === 0) return new Map();
  return aggregate(grantor, grantee, requested, (db) => grantee.dbAccess(db));
}

/**
 * REVOKE ... ON *.* (DB_restrictions_aggregator_global_revoke): the
 * grantee's restrictions afterwards; 1044 when the grantor is itself
 * restricted there, 3901 on a collision.
 */
export function restrictionsAfterGlobalRevoke(grantor: PartialRevokeParty, grantee: PartialRevokeGrantee, requested: Privileges, all = false): Restrictions {
  const accessDenied = (db: string) => mysqlError('ER_DBACCESS_DENIED_ERROR', grantor.user, grantor.host, db);
  const pure = all ? equal(grantor.restrictions, grantee.restrictions) : sameSet(requested, grantee.global) && equal(grantor.restrictions, grantee.restrictions);
  if (pure) return new Map();
  if (grantee.restrictions.size > 0) {
    for (const [db, privileges] of grantee.restrictions) {
      const grantorRevokes = grantor.restrictions.get(db);
      if (grantorRevokes && inter(inter(grantorRevokes, privileges), requested).size > 0) throw accessDenied(db);
      checkCollision(grantee.dbAccess(db), privileges, db);
    }
  } else {
    const first = grantor.restrictions.keys().next();
    for (const privileges of grantor.restrictions.values()) {
      const denied = all ? containsAll(requested, privileges) : containsAll(privileges, requested);
      if (denied && !first.done) throw accessDenied(first.value);
    }
  }
  if (all) return new Map();
  const r = copyRestrictions(grantee.restrictions);
  if (containsAll(grantee.global, requested)) {
    for (const db of r.keys()) remove(r, db, requested);
    dropEmpty(r);
  }
  return r;
}

function sameSet(a: Privileges, b: Privileges): boolean {
  return a.size === b.size && containsAll(a, b);
}

/** What a database-level GRANT or REVOKE leaves: the restrictions, and the privileges still for mysql.db. */
export interface DatabaseLevelOutcome {
  restrictions: Restrictions;
  /** The privileges the statement still grants or revokes in mysql.db (find_if_require_next_level_operation()). */
  remaining: Set<string>;
}

/**
 * GRANT ... ON db.* (DB_restrictions_aggregator_db_grant): a privilege the
 * grantee holds globally but had revoked on `db` loses its restriction
 * instead of becoming a mysql.db grant.
 */
export function databaseGrant(grantee: PartialRevokeGrantee, db: string, requested: Privileges): DatabaseLevelOutcome {
  const revoked = grantee.restrictions.get(db);
  if (revoked) checkCollision(grantee.dbAccess(db), revoked, db);
  if (grantee.restrictions.size === 0) return { restrictions: new Map(), remaining: new Set(requested) };
  const restrictions = copyRestrictions(grantee.restrictions);
  const before = new Set(revoked ?? []);
  if (revoked) {
    remove(restrictions, db, requested);
    dropEmpty(restrictions);
  }
  return { restrictions, remaining: minus(requested, before) };
}

/**
 * REVOKE ... ON db.* (DB_restrictions_aggregator_db_revoke): a privilege
 * held globally, not on `db`, becomes a restriction on `db`; the rest is
 * revoked from mysql.db as usual.
 */
export function databaseRevoke(grantee: PartialRevokeGrantee, db: string, requested: Privileges): DatabaseLevelOutcome {
  const revoked = grantee.restrictions.get(db);
  const dbAccess = grantee.dbAccess(db);
  if (revoked) checkCollision(dbAccess, revoked, db);
  if (grantee.global.size === 0 && dbAccess.size === 0) return { restrictions: new Map(), remaining: new Set(requested) };
  const restrictions = copyRestrictions(grantee.restrictions);
  if (containsAll(dbAccess, requested)) return { restrictions, remaining: new Set(requested) };
  const mask = inter(grantee.global, minus(requested, dbAccess));
  const restricted = new Set(DATABASE_PRIVILEGES.filter((p) => mask.has(p)));
  add(restrictions, db, restricted);
  return { restrictions, remaining: minus(requested, restricted) };
}

/**
 * DB_restrictions_aggregator_set_role: the session's restrictions once an
 * active role's are merged in. `dbMap` is the session's aggregated
 * database grants; a grant the session's own restrictions contradict is
 * taken out of it, as MySQL does.
 */
export function restrictionsWithRole(
  role: PartialRevokeParty,
  session: PartialRevokeParty,
  requested: Privileges,
  dbMap: Map<string, { privileges: Set<string>; grantOption: boolean }>,
): Restrictions {
  if (role.restrictions.size === 0 && session.restrictions.size === 0) return session.restrictions;
  const sessionRl = copyRestrictions(session.restrictions);
  if (sessionRl.size > 0) {
    for (const [db, grant] of dbMap) {
      if (!sessionRl.has(db)) continue;
      const restricted = new Set(sessionRl.get(db));
      const privileges = new Set(grant.privileges);
      remove(sessionRl, db, privileges);
      grant.privileges = minus(privileges, restricted);
      if (grant.privileges.size === 0 && !grant.grantOption) dbMap.delete(db);
    }
  }
  return aggregate(role, { ...session, restrictions: sessionRl }, requested, (db) => dbMap.get(db)?.privileges ?? new Set());
}

// ------------------------------------------------------------------ mysql.user User_attributes

/** The Restrictions array of User_attributes: [{"Database": db, "Privileges": [...]}], privileges in MySQL's bit order. */
export function restrictionsJson(r: Restrictions): { Database: string; Privileges: string[] }[] {
  return [...r].map(([db, privileges]) => ({ Database: db, Privileges: DATABASE_PRIVILEGES.filter((p) => privileges.has(p)) }));
}

/** Reads the Restrictions array back (a direct UPDATE of User_attributes); entries it cannot read are skipped. */
export function restrictionsFromJson(value: unknown): Restrictions {
  const r: Restrictions = new Map();
  if (!Array.isArray(value)) return r;
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { Database: db, Privileges: privileges } = entry as { Database?: unknown; Privileges?: unknown };
    if (typeof db !== 'string' || !Array.isArray(privileges)) continue;
    add(r, db, new Set(privileges.filter((p): p is string => typeof p === 'string').map((p) => p.toUpperCase())));
  }
  return r;
}
