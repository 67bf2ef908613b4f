/**
 * The order accounts are matched in. MySQL 8.0.23+ (ACL_USER_compare,
 * mysql-test auth_sec/host_sort.result): accounts whose host is an IPv4
 * address come first, a bare address before CIDR before a subnet mask, then
 * the wider mask; the rest by get_sort(). 5.x and MariaDB: get_sort() only.
 */
import { describe, expect, it } from 'vitest';
import { aclOrder, aclSortValue, ipHost } from '../../../src/accounts/host-match.js';

const order = (rule: 'ip-first' | 'sort-value', accounts: [string, string][]) =>
  accounts
    .map(([user, host], i) => ({ user, host, i }))
    .sort((a, b) => aclOrder(rule)(a, b) || a.i - b.i)
    .map((a) => `${a.user}@${a.host}`);

describe('account order', () => {
  it('get_sort(): characters without wildcards 128, else the first wildcard position; host before user', () => {
    expect(aclSortValue('localhost', 'u')).toBe(128 * 256 + 128);
    expect(aclSortValue('%', 'u')).toBe(1 * 256 + 128);
    expect(aclSortValue('192.168.%', '')).toBe(9 * 256);
    expect(aclSortValue('a\\%b', 'u')).toBe(128 * 256 + 128);
    expect(aclSortValue('', 'u')).toBe(128);
  });

  it('MySQL 8: user@127.0.0.1 and user@127.0.0.1/255.255.255.255 before user@localhost, whichever was created first', () => {
    expect(order('ip-first', [['user', 'localhost'], ['user', '127.0.0.1']])).toEqual(['user@127.0.0.1', 'user@localhost']);
    expect(order('ip-first', [['user', 'localhost'], ['user', '127.0.0.1/255.255.255.255']])).toEqual(['user@127.0.0.1/255.255.255.255', 'user@localhost']);
    expect(order('ip-first', [['u', '10.0.0.0/8'], ['u', '10.1.0.0/16'], ['u', '10.1.2.3'], ['u', '10.0.0.0/255.0.0.0']])).toEqual([
      'u@10.1.2.3',
      'u@10.1.0.0/16',
      'u@10.0.0.0/8',
      'u@10.0.0.0/255.0.0.0',
    ]);
  });

  it('5.x and MariaDB: get_sort() only, longer prefix before the wildcard first, anonymous after named on the same host', () => {
    expect(order('sort-value', [['u', '%'], ['u', '192.168.%'], ['u', '192.168.1.%'], ['', 'localhost'], ['u', 'localhost']])).toEqual([
      'u@localhost',
      '@localhost',
      'u@192.168.1.%',
      'u@192.168.%',
      'u@%',
    ]);
    // Same get_sort(): the order they were created in.
    expect(order('sort-value', [['user', 'localhost'], ['user', '127.0.0.1']])).toEqual(['user@localhost', 'user@127.0.0.1']);
  });

  it('ipHost() reads the forms update_hostname() reads', () => {
    expect(ipHost('127.0.0.1')).toEqual({ ip: 0x7f000001, mask: 0xffffffff, maskType: 0 });
    expect(ipHost('10.0.0.0/8')).toMatchObject({ mask: 0xff000000, maskType: 1 });
    expect(ipHost('10.0.0.0/255.0.0.0')).toMatchObject({ mask: 0xff000000, maskType: 2 });
    expect(ipHost('10.0.0.0/255.0.255.0')).toBeNull();
    expect(ipHost('192.168.%')).toBeNull();
    expect(ipHost('localhost')).toBeNull();
  });
});
