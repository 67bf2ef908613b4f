/** SET statements: system and user variables, NAMES, CHARACTER SET, TRANSACTION. */
import { defaultCollationOf, resolveCharset, resolveCollation } from '../../config/charsets.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from '../parse/ast.js';
import { evaluate, type EvalEnv } from '../expr/evaluate.js';
import { isDecimalType, isFloatType, isIntegerType, type ValueType } from '../expr/types.js';
import type { UserVariableKind } from '../context.js';
import type { OkResult, SqlValue } from '../../wire/result.js';

export interface SetContext {
  env: EvalEnv;
  /** Resolves to false when the session may not SET GLOBAL (1227). */
  mayChangeGlobals(): Promise<boolean>;
}

const OK: OkResult = { kind: 'ok' };

function isGlobalScope(scope: A.SetScope): boolean {
  return scope === 'global' || scope === 'persist' || scope === 'persist_only';
}

async function requireGlobalPrivilege(ctx: SetContext): Promise<void> {
  if (!(await ctx.mayChangeGlobals())) {
    throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'SUPER or SYSTEM_VARIABLES_ADMIN');
  }
}

/**
 * Runs the assignments left to right after checking every system variable
 * name first (an unknown name fails the whole statement, as in MySQL).
 */
export async function executeSet(stmt: A.SetStmt, ctx: SetContext): Promise<OkResult> {
  const { env } = ctx;
  const vars = env.server.variables;
  for (const a of stmt.assignments) {
    if (a.target === 'system' && !vars.definition(a.name)) throw mysqlError('ER_UNKNOWN_SYSTEM_VARIABLE', a.name);
  }
  for (const a of stmt.assignments) {
    switch (a.target) {
      case 'user':
        env.session.userVariables.set(a.name, evaluate(a.value, env));
        env.session.userVariableKinds?.set(a.name, userVariableKind(env.typeOf(a.value)));
        break;
      case 'system': {
        if (isGlobalScope(a.scope)) await requireGlobalPrivilege(ctx);
        const value: SqlValue | 'DEFAULT' = a.value === 'DEFAULT' ? 'DEFAULT' : evaluate(a.value, env);
        vars.set(a.name, a.scope === 'default' ? 'session' : a.scope, value, env.session);
        if (a.name.toLowerCase() === 'character_set_results' && !isGlobalScope(a.scope)) env.session.resultsCollation = undefined;
        if (a.name === 'autocommit' && isOn(vars.get('autocommit', 'session', env.session))) env.session.inTransaction = false;
        break;
      }
      case 'names':
        setNames(a.charset, a.collation, env);
        break;
      case 'charset':
        setCharacterSet(a.charset, env);
        break;
    }
  }
  return OK;
}

/** The result type a user variable keeps from its value's type (a NULL keeps STRING, as an unset variable). */
function userVariableKind(t: ValueType): UserVariableKind {
  if (isIntegerType(t)) return 'int';
  if (isDecimalType(t)) return 'decimal';
  if (isFloatType(t)) return 'real';
  return 'string';
}

function isOn(v: SqlValue): boolean {
  return v === 1 || v === '1' || v === 'ON';
}

function setNames(charsetName: string, collationName: string | undefined, env: EvalEnv): void {
  const { profile, variables } = env.server;
  const charset = charsetName === 'DEFAULT' ? profile.defaultCharset : resolveCharset(charsetName);
  if (!charset) throw mysqlError('ER_UNKNOWN_CHARACTER_SET', charsetName);
  let collation = defaultCollationOf(charset, profile).name;
  if (collationName) {
    const c = resolveCollation(collationName, profile);
    if (!c) throw mysqlError('ER_UNKNOWN_COLLATION', collationName);
    if (c.charset !== charset) throw mysqlError('ER_COLLATION_CHARSET_MISMATCH', collationName, charset);
    collation = c.name;
  }
  for (const name of ['character_set_client', 'character_set_connection', 'character_set_results']) {
    variables.set(name, 'session', charset, env.session);
  }
  variables.set('collation_connection', 'session', collation, env.session);
  env.session.resultsCollation = undefined;
}

function setCharacterSet(charsetName: string, env: EvalEnv): void {
  const { profile, variables } = env.server;
  const charset = charsetName === 'DEFAULT' ? profile.defaultCharset : resolveCharset(charsetName);
  if (!charset) throw mysqlError('ER_UNKNOWN_CHARACTER_SET', charsetName);
  variables.set('character_set_client', 'session', charset, env.session);
  variables.set('character_set_results', 'session', charset, env.session);
  env.session.resultsCollation = undefined;
  const database = variables.get('character_set_database', 'default', env.session);
  variables.set('character_set_connection', 'session', database, env.session);
  variables.set('collation_connection', 'session', variables.get('collation_database', 'default', env.session), env.session);
}

/** SET [GLOBAL|SESSION] TRANSACTION ...; without a scope it only affects the next transaction, which we do not model. */
export async function executeSetTransaction(stmt: A.SetTransactionStmt, ctx: SetContext): Promise<OkResult> {
  const scope = stmt.scope;
  if (scope === 'next') return OK;
  if (scope === 'global') await requireGlobalPrivilege(ctx);
  const { variables } = ctx.env.server;
  const session = ctx.env.session;
  const assign = (name: string, value: SqlValue): void => {
    if (variables.definition(name)) variables.set(name, scope, value, session);
  };
  if (stmt.isolation) {
    const level = stmt.isolation.replace(' ', '-');
    assign('transaction_isolation', level);
    assign('tx_isolation', level);
  }
  if (stmt.readOnly !== undefined) {
    assign('transaction_read_only', stmt.readOnly ? 1 : 0);
    assign('tx_read_only', stmt.readOnly ? 1 : 0);
  }
  return OK;
}
