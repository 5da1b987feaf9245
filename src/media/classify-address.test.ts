import { describe, expect, it } from 'vitest';
import { classifyAddress } from './classify-address.js';

// Pure: no address here is ever connected to.

describe('classifyAddress', () => {
  it.each([
    ['10.0.0.1', 'private address'],
    ['10.255.255.255', 'private address'],
    ['172.16.0.1', 'private address'],
    ['172.31.255.254', 'private address'],
    ['192.168.1.1', 'private address'],
    ['169.254.169.254', 'link-local address'],
    ['100.64.0.1', 'carrier-grade NAT address'],
    ['100.127.255.254', 'carrier-grade NAT address'],
    ['0.0.0.0', 'unspecified address'],
    ['0.1.2.3', 'unspecified address'],
    ['127.0.0.1', 'loopback address'],
    ['127.0.0.2', 'loopback address'],
    ['224.0.0.1', 'multicast address'],
    ['239.255.255.250', 'multicast address'],
    ['240.0.0.1', 'reserved address (reserved)'],
    ['255.255.255.255', 'broadcast address'],
    ['192.0.2.10', 'reserved address (reserved)'],
    ['198.18.0.1', 'reserved address (reserved)'],
    ['::1', 'loopback address'],
    ['[::1]', 'loopback address'],
    ['::', 'unspecified address'],
    ['fc00::1', 'unique local address'],
    ['fd12:3456:789a::1', 'unique local address'],
    ['fe80::1', 'link-local address'],
    ['fe80::1%eth0', 'link-local address'],
    ['ff02::1', 'multicast address'],
    ['::ffff:10.0.0.1', 'IPv4-mapped IPv6 address'],
    ['::ffff:127.0.0.2', 'IPv4-mapped IPv6 address'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6 address'],
    ['64:ff9b::a00:1', 'NAT64 address'],
    ['2002:a00:1::', '6to4 address'],
    ['2001:db8::1', 'reserved address (reserved)'],
    ['100::1', 'discard address (reserved)'],
    ['4000::1', 'reserved address (outside 2000::/3)'],
  ])('refuses %s as a %s', (address, reason) => {
    expect(classifyAddress(address)).toEqual({ ok: false, reason });
  });

  it.each([
    '0x7f.1',
    '0x7f.0.0.1',
    '017700000001',
    '0177.0.0.1',
    '2130706434',
    '127.1',
    '0x7f000001',
    '010.0.0.1',
    '8.8.8.010',
    '134744072',
  ])('refuses the non-standard numeric form %s, even of a public address', (address) => {
    expect(classifyAddress(address)).toEqual({
      ok: false,
      reason: 'IPv4 address in a non-standard numeric form',
    });
  });

  it.each(['images.example', 'localhost', '', '1.2.3.4.5', '300.1.1.1'])(
    'says %j is not an IP address',
    (text) => {
      expect(classifyAddress(text)).toEqual({ ok: false, reason: 'not an IP address' });
    },
  );

  it.each([
    ['93.184.216.34', '93.184.216.34'],
    ['8.8.8.8', '8.8.8.8'],
    ['172.32.0.1', '172.32.0.1'],
    ['100.128.0.1', '100.128.0.1'],
    ['2606:4700::1111', '2606:4700::1111'],
    ['[2a00:1450:4001:81b::200e]', '2a00:1450:4001:81b::200e'],
  ])('lets the public address %s pass', (text, address) => {
    expect(classifyAddress(text)).toEqual({ ok: true, address });
  });
});
