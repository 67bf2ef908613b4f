/**
 * MySQL's account host matching. A host pattern is a literal name or IP,
 * a LIKE-style pattern with % and _, an IPv4 'ip/netmask', or CIDR 'ip/len'.
 * Host names compare case-insensitively.
 */
export interface ClientAddress {
  /** The resolved host name ('localhost' for loopback), or the IP when not resolved. */
  host: string;
  /** The IP address, without an IPv4-mapped '::ffff:' prefix. */
  ip: string;
}

export function hostMatches(pattern: string, client: ClientAddress): boolean {
  const p = pattern.toLowerCase();
  if (p === '%' || p === '') return true;
  const slash = p.indexOf('/');
  if (slash > 0) return netmaskMatches(p.slice(0, slash), p.slice(slash + 1), client.ip);
  if (!p.includes('%') && !p.includes('_')) return p === client.host.toLowerCase() || p === client.ip;
  const re = likeToRegExp(p);
  return re.test(client.host.toLowerCase()) || re.test(client.ip);
}

function likeToRegExp(pattern: string): RegExp {
  let src = '^';
  for (const ch of pattern) {
    if (ch === '%') src += '.*';
    else if (ch === '_') src += '.';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(src + '$', 's');
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const v = Number(part);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

function netmaskMatches(base: string, mask: string, ip: string): boolean {
  const b = ipv4ToInt(base);
  const addr = ipv4ToInt(ip);
  if (b === null || addr === null) return false;
  let m: number | null;
  if (/^\d{1,2}$/.test(mask)) {
    const len = Number(mask);
    if (len > 32) return false;
    m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  } else {
    m = ipv4ToInt(mask);
  }
  if (m === null) return false;
  return ((addr & m) >>> 0) === ((b & m) >>> 0);
}

/**
 * Sort rank of a host pattern: literal hosts and IPs first, then netmasks,
 * then wildcard patterns (fewer wildcards earlier), '%' and '' last.
 */
export function hostSpecificity(pattern: string): number {
  if (pattern === '%' || pattern === '') return 3;
  if (pattern.includes('%') || pattern.includes('_')) return 2;
  if (pattern.includes('/')) return 1;
  return 0;
}

/** Normalise a socket's remote address to what MySQL sees. */
export function clientAddress(remoteAddress: string | undefined, resolveNames: boolean): ClientAddress {
  let ip = remoteAddress ?? '127.0.0.1';
  if (ip.startsWith('::ffff:')) ip = ip.slice(7);
  const loopback = ip === '127.0.0.1' || ip === '::1' || ip.startsWith('127.');
  return { ip, host: resolveNames && loopback ? 'localhost' : ip };
}
