/**
 * INSTALL COMPONENT / UNINSTALL COMPONENT and the one component the
 * emulator has: validate_password (MySQL 8.0 / 8.4). Installing it adds its
 * `validate_password.*` system variables; uninstalling removes them. While
 * it is installed every cleartext password assignment is checked
 * (checkPasswordPolicy, ERROR 1819) and VALIDATE_PASSWORD_STRENGTH() scores.
 *
 * Sources: sql/server_component/persistent_dynamic_loader.cc (INSERT /
 * DELETE on mysql.component, else 1142), components/libminchassis/
 * dynamic_loader.cc (3529, 3537), components/validate_password/
 * validate_password_imp.cc (variables, readjusted length, dictionary file).
 */
import { readFileSync, statSync } from 'node:fs';
import type { VariableDef } from '../../config/variables.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type { ServerState } from '../../server/state.js';
import type { Session } from '../../session/session.js';
import type { InstallComponentStmt, UninstallComponentStmt } from '../parse/ast.js';
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type ColumnTypeCode, type StatementResult } from '../../wire/result.js';
import { tableRegistryFor } from '../catalog/catalog.js';
import { checkTableSelect, hasTablePrivilege, sessionAccount, tableAccessDenied, type AccountContext } from '../../accounts/privileges.js';
import {
  DEFAULT_POLICY,
  isValidPassword,
  parseDictionary,
  passwordStrength,
  POLICY_NAMES,
  readjustedLength,
  type PasswordPolicy,
  type PolicyName,
  type SessionUserNames,
} from '../../accounts/validate-password.js';

export const VALIDATE_PASSWORD_URN = 'file://component_validate_password';

/** Emulator-only variable added by the `azure` preset (never by INSTALL COMPONENT). */
export const MIN_CLASSES_VARIABLE = 'validate_password.emulator_min_classes';

/** MAX_DICTIONARY_FILE_LENGTH: a larger dictionary file is refused (and the old words kept). */
const MAX_DICTIONARY_FILE_LENGTH = 1024 * 1024;
const INT_MAX = 2147483647;

const V = {
  length: 'validate_password.length',
  numberCount: 'validate_password.number_count',
  mixedCaseCount: 'validate_password.mixed_case_count',
  specialCharCount: 'validate_password.special_char_count',
  policy: 'validate_password.policy',
  dictionaryFile: 'validate_password.dictionary_file',
  checkUserName: 'validate_password.check_user_name',
  changedCharactersPercentage: 'validate_password.changed_characters_percentage',
} as const;

/** The component's system variables (register_system_variables()): global, dynamic. */
function componentVariables(): VariableDef[] {
  const int = (name: string, def: number, max = INT_MAX): VariableDef => ({
    name, scope: 'global', dynamic: true, type: 'int', default: def, min: 0, max,
  });
  return [
    int(V.length, DEFAULT_POLICY.length),
    int(V.numberCount, DEFAULT_POLICY.numberCount),
    int(V.mixedCaseCount, DEFAULT_POLICY.mixedCaseCount),
    int(V.specialCharCount, DEFAULT_POLICY.specialCharCount),
    { name: V.policy, scope: 'global', dynamic: true, type: 'enum', values: POLICY_NAMES, default: DEFAULT_POLICY.policy },
    { name: V.dictionaryFile, scope: 'global', dynamic: true, type: 'string', nullable: true, default: null },
    { name: V.checkUserName, scope: 'global', dynamic: true, type: 'bool', default: 1 },
    int(V.changedCharactersPercentage, 0, 100),
  ];
}

/** The component's state per server: whether it is loaded, and the dictionary words in memory. */
interface ValidatePasswordState {
  dictionary: ReadonlySet<string>;
  extensionNames: string[];
  /** Its mysql.component row, when INSTALL COMPONENT loaded it. */
  row?: [number, number, string];
}
/** mysql.component's AUTO_INCREMENT per server. */
const lastComponentId = new WeakMap<ServerState, number>();
const installed = new WeakMap<ServerState, ValidatePasswordState>();

/** Profiles with INSTALL COMPONENT and the validate_password component (MySQL 8.0 and 8.4). */
function hasComponents(server: ServerState): boolean {
  return server.profile.family === 'mysql-8';
}

export function isValidatePasswordInstalled(server: ServerState): boolean {
  return installed.has(server);
}

/** readjust_validate_password_length(), run after each SET of the four length-related variables. */
function readjustLength(server: ServerState): void {
  const vars = server.variables;
  const n = (name: string): number => Number(vars.get(name, 'global'));
  const length = n(V.length);
  const required = readjustedLength(length, n(V.numberCount), n(V.mixedCaseCount), n(V.specialCharCount));
  if (required === length) return;
  // MySQL writes ER_VALIDATE_PWD_LENGTH_CHANGED to the error log only; the client gets no warning.
  server.logger.warn({ event: 'validate_password' }, `Effective value of validate_password.length is changed. New value is ${required}`);
  vars.setStartupValue(V.length, required);
}

/** read_dictionary_file(): NULL empties the dictionary; an unreadable or too large file keeps the old words. */
function loadDictionary(server: ServerState, state: ValidatePasswordState, file: string | null): void {
  if (file === null) {
    state.dictionary = new Set();
    return;
  }
  try {
    if (statSync(file).size > MAX_DICTIONARY_FILE_LENGTH) {
      server.logger.warn({ event: 'validate_password', file }, 'Dictionary file size exceeded MAX_DICTIONARY_FILE_LENGTH, not loaded');
      return;
    }
    state.dictionary = parseDictionary(readFileSync(file));
  } catch {
    server.logger.warn({ event: 'validate_password', file }, 'Dictionary file open failed');
  }
}

export type ValidatePasswordPreset = 'default' | 'azure';

/**
 * Loads validate_password: registers its variables at their defaults (and
 * the preset's values), as validate_password_init() does.
 *
 * The `azure` preset plays the Azure guide's rule ("minimum 8 characters",
 * "3 of 4 character types") with MEDIUM and zero per-class counts plus the
 * emulator-only `validate_password.emulator_min_classes = 3`.
 */
export function installValidatePassword(server: ServerState, preset: ValidatePasswordPreset = 'default'): void {
  const vars = server.variables;
  const state: ValidatePasswordState = { dictionary: new Set(), extensionNames: [] };
  vars.addDefinitions(componentVariables());
  if (preset === 'azure') {
    vars.addDefinitions([{ name: MIN_CLASSES_VARIABLE, scope: 'global', dynamic: true, type: 'int', default: 3, min: 0, max: 4 }]);
    state.extensionNames.push(MIN_CLASSES_VARIABLE);
    for (const name of [V.mixedCaseCount, V.numberCount, V.specialCharCount]) vars.setStartupValue(name, 0);
  }
  for (const name of [V.length, V.numberCount, V.mixedCaseCount, V.specialCharCount]) {
    vars.onSet(name, () => readjustLength(server));
  }
  vars.onSet(V.dictionaryFile, (value) => loadDictionary(server, state, value === null ? null : String(value)));
  installed.set(server, state);
  readjustLength(server);
}

function uninstallValidatePassword(server: ServerState): void {
  const state = installed.get(server);
  if (!state) return;
  server.variables.removeDefinitions([...componentVariables().map((d) => d.name), ...state.extensionNames]);
  installed.delete(server);
}

/** The policy in force, or null when the component is not installed. */
export function currentPolicy(server: ServerState): PasswordPolicy | null {
  const state = installed.get(server);
  if (!state) return null;
  const vars = server.variables;
  const n = (name: string): number => Number(vars.get(name, 'global'));
  return {
    length: n(V.length),
    mixedCaseCount: n(V.mixedCaseCount),
    numberCount: n(V.numberCount),
    specialCharCount: n(V.specialCharCount),
    policy: String(vars.get(V.policy, 'global')) as PolicyName,
    checkUserName: n(V.checkUserName) !== 0,
    dictionary: state.dictionary,
    minCharClasses: vars.definition(MIN_CLASSES_VARIABLE) ? n(MIN_CLASSES_VARIABLE) : 0,
  };
}

/** The names check_user_name compares with: the login user (USER()) and the account's (CURRENT_USER()). */
function userNames(session: Session): SessionUserNames {
  return { user: session.user, privUser: session.accountUser };
}

/**
 * my_validate_password_policy(): ERROR 1819 when validate_password is
 * installed and rejects the cleartext. Called for IDENTIFIED BY / SET
 * PASSWORD cleartext and for the empty password of a new account created
 * without one; never for RANDOM PASSWORD or IDENTIFIED ... AS 'hash'.
 */
export function checkPasswordPolicy(ctx: AccountContext, cleartext: string): void {
  const policy = currentPolicy(ctx.server);
  if (policy && !isValidPassword(cleartext, policy, userNames(ctx.session))) throw mysqlError('ER_NOT_VALID_PASSWORD');
}

/** VALIDATE_PASSWORD_STRENGTH(str): 0 without the component or for ''. */
export function validatePasswordStrength(server: ServerState, session: Session, password: string): number {
  const policy = currentPolicy(server);
  if (!policy || password === '') return 0;
  return passwordStrength(password, policy, userNames(session));
}

// ------------------------------------------------------------------ mysql.component

const componentColumn = (name: string, type: ColumnTypeCode, charset: number, length: number, flags: number): ColumnDef => ({
  name, orgName: name, table: 'component', orgTable: 'component', schema: 'mysql', type, charset, length,
  flags: ColumnFlag.NOT_NULL | flags,
});
const COMPONENT_COLUMNS: readonly ColumnDef[] = [
  componentColumn('component_id', ColumnType.LONG, Charset.BINARY, 10, ColumnFlag.PRI_KEY | ColumnFlag.UNSIGNED | ColumnFlag.AUTO_INCREMENT | ColumnFlag.BINARY),
  componentColumn('component_group_id', ColumnType.LONG, Charset.BINARY, 10, ColumnFlag.UNSIGNED | ColumnFlag.BINARY),
  componentColumn('component_urn', ColumnType.BLOB, Charset.UTF8MB3_GENERAL_CI, 196605, ColumnFlag.BLOB),
];

/** mysql.component (MySQL 8): one row per INSTALL COMPONENT'ed URN; SELECT needs the table privilege (1142). */
export function registerComponentTable(server: ServerState): void {
  if (!hasComponents(server)) return;
  tableRegistryFor(server).register({
    schema: 'mysql',
    name: 'component',
    columns: COMPONENT_COLUMNS,
    rows: (ctx) => {
      checkTableSelect(ctx, 'mysql', 'component');
      const state = installed.get(ctx.server);
      return state?.row ? [state.row] : [];
    },
  });
}

// ------------------------------------------------------------------ statements

function requireComponentTable(ctx: AccountContext, privilege: 'INSERT' | 'DELETE'): void {
  if (!hasTablePrivilege(sessionAccount(ctx), 'mysql', 'component', privilege)) {
    throw tableAccessDenied(ctx, privilege, 'mysql', 'component');
  }
}

/** INSTALL COMPONENT: all URNs load or none; a loaded or unknown one is 3529. */
export function installComponent(stmt: InstallComponentStmt, ctx: AccountContext): StatementResult {
  if (!hasComponents(ctx.server)) throw mysqlError('ER_NOT_SUPPORTED_YET', 'INSTALL COMPONENT');
  requireComponentTable(ctx, 'INSERT');
  for (const urn of stmt.components) {
    // Only validate_password exists here; MySQL would first report the library it failed to open (1126).
    if (urn !== VALIDATE_PASSWORD_URN || isValidatePasswordInstalled(ctx.server)) throw mysqlError('ER_COMPONENTS_CANT_LOAD', urn);
  }
  if (stmt.components.length > 0) {
    installValidatePassword(ctx.server);
    const id = (lastComponentId.get(ctx.server) ?? 0) + 1;
    lastComponentId.set(ctx.server, id);
    installed.get(ctx.server)!.row = [id, id, VALIDATE_PASSWORD_URN];
  }
  return { kind: 'ok' };
}

/** UNINSTALL COMPONENT: 3537 unless every URN is loaded. */
export function uninstallComponent(stmt: UninstallComponentStmt, ctx: AccountContext): StatementResult {
  if (!hasComponents(ctx.server)) throw mysqlError('ER_NOT_SUPPORTED_YET', 'UNINSTALL COMPONENT');
  requireComponentTable(ctx, 'DELETE');
  for (const urn of stmt.components) {
    if (urn !== VALIDATE_PASSWORD_URN || !isValidatePasswordInstalled(ctx.server)) {
      throw mysqlError('ER_COMPONENTS_UNLOAD_NOT_LOADED', urn);
    }
  }
  uninstallValidatePassword(ctx.server);
  return { kind: 'ok' };
}
