/**
 * The secrets a parsed statement carries: the passwords, hashes and
 * REPLACE values of account statements, and every string a direct write of
 * a grant table assigns. The statement log checks that none of them
 * survives redaction (session/pipeline.ts).
 */
import type * as A from './ast.js';

/** String values of every literal under `node` (any AST subtree), in one linear walk. */
function literalStrings(node: unknown, out: string[]): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (const item of n) stack.push(item);
    } else if (n && typeof n === 'object' && !Buffer.isBuffer(n)) {
      const e = n as { kind?: unknown; value?: unknown };
      if (e.kind === 'literal' && (typeof e.value === 'string' || Buffer.isBuffer(e.value))) out.push(String(e.value));
      for (const v of Object.values(n)) if (v && typeof v === 'object') stack.push(v);
    }
  }
}

function authSecrets(auth: A.AuthOption | undefined, out: string[]): void {
  if (!auth) return;
  if ('password' in auth) out.push(auth.password);
  if ('hash' in auth) out.push(auth.hash);
}

/** The non-empty secrets of `stmt` (none for statements that carry no credential). */
export function statementSecrets(stmt: A.Statement): string[] {
  const out: string[] = [];
  switch (stmt.kind) {
    case 'createUser':
    case 'alterUser':
      for (const u of stmt.users) {
        authSecrets(u.auth, out);
        if (u.replace !== undefined) out.push(u.replace);
      }
      break;
    case 'setPassword':
      if (stmt.password !== undefined) out.push(stmt.password);
      if (stmt.replace !== undefined) out.push(stmt.replace);
      break;
    case 'grant':
      for (const auth of stmt.auths ?? []) authSecrets(auth, out);
      break;
    case 'update':
      literalStrings(stmt.assignments, out);
      break;
    default:
      break;
  }
  return out.filter((s) => s !== '');
}
