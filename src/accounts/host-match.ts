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
 * get_sort(2, host, user) of MySQL and MariaDB (sql_acl.cc): per string, 128
 * when it has characters and no wildcard, else the 1-based position of its
 * first % or _ (at most 127; a \ escapes the next character), 0 when empty;
 * the host's byte first. Higher sorts first.
 */
export function aclSortValue(host: string, user: string): number {
  const part = (s: string): number => {
    let chars = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        i++;
      } else if (c === '%' || c === '_') {
        return Math.min(i + 1, 127);
      }
      chars = 128;
    }
    return chars;
  };
  return part(host) * 256 + part(user);
}

/** An IPv4 host pattern (ACL_HOST_AND_IP::update_hostname): the address, its mask and how the mask was written. */
export interface IpHost {
  ip: number;
  mask: number;
  /** ip_mask_type: 0 implicit (a bare address), 1 CIDR '/len', 2 subnet '/a.b.c.d'. */
  maskType: 0 | 1 | 2;
}

/** The pattern as MySQL 8's ACL reads an IP host, or null for names and wildcards (and 0.0.0.0, whose ip is 0). */
export function ipHost(pattern: string): IpHost | null {
  const [base = '', mask, ...rest] = pattern.split('/');
  if (rest.length > 0) return null;
  const ip = ipv4ToInt(base);
  if (ip === null || ip === 0) return null;
  if (mask === undefined) return { ip, mask: 0xffffffff, maskType: 0 };
  const subnet = ipv4ToInt(mask);
  // A subnet mask must be contiguous ones.
  if (subnet !== null && (((~subnet >>> 0) + 1) & ~subnet) === 0) return { ip, mask: subnet, maskType: 2 };
  if (/^\d{1,2}$/.test(mask) && Number(mask) <= 32) {
    const len = Number(mask);
    return { ip, mask: len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0, maskType: 1 };
  }
  return null;
}

/**
 * How a server orders its accounts for matching (the first match wins):
 * 'ip-first' (MySQL 8.0.23+, ACL_USER_compare: IP hosts first, by mask type,
 * then the wider mask... then get_sort) or 'sort-value' (5.x, MariaDB:
 * get_sort only). Returns a comparator; ties keep the given order.
 */
export function aclOrder(rule: 'ip-first' | 'sort-value'): (a: { host: string; user: string }, b: { host: string; user: string }) => number {
  return (a, b) => {
    if (rule === 'ip-first') {
      const ia = ipHost(a.host);
      const ib = ipHost(b.host);
      if (ia && ib) {
        if (ia.maskType !== ib.maskType) return ia.maskType - ib.maskType;
        if (ia.mask !== ib.mask) return ib.mask - ia.mask;
        // MySQL compares the user name pointers here; a named user before the anonymous one.
        return Number(a.user === '') - Number(b.user === '');
      }
      if (ia) return -1;
      if (ib) return 1;
    }
    return aclSortValue(b.host, b.user) - aclSortValue(a.host, a.user);
  };
}

/** Normalise a socket's remote address to what MySQL sees. */
export function clientAddress(remoteAddress: string | undefined, resolveNames: boolean): ClientAddress {
  let ip = remoteAddress ?? '127.0.0.1';
  if (ip.startsWith('::ffff:')) ip = ip.slice(7);
  const loopback = ip === '127.0.0.1' || ip === '::1' || ip.startsWith('127.');
  return { ip, host: resolveNames && loopback ? 'localhost' : ip };
}
