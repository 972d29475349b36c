import { describe, expect, it } from 'vitest';
import { createHostCheck, hostName } from '../../src/collector/hostCheck';

describe('createHostCheck', () => {
  it('accepts IP addresses, localhost and a missing header by default, and no other name', () => {
    const allowed = createHostCheck();
    for (const host of ['127.0.0.1:8787', '[::1]:8787', '10.0.0.5', 'localhost:8787', 'app.localhost', 'LOCALHOST.', undefined]) expect(allowed(host), String(host)).toBe(true);
    for (const host of ['evil.example:8787', 'localhost.evil.example', '127.0.0.1.nip.io', 'example']) expect(allowed(host), host).toBe(false);
  });
  it('adds names, subdomain suffixes and * from the allow list', () => {
    const allowed = createHostCheck(['Collect.Example.com', '*.shop.example']);
    expect(allowed('collect.example.com:443')).toBe(true);
    expect(allowed('eu.shop.example')).toBe(true);
    expect(allowed('shop.example')).toBe(true);
    expect(allowed('evilshop.example')).toBe(false);
    expect(createHostCheck(['*'])('anything.example')).toBe(true);
  });
  it('reads the name out of a Host header', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Example.COM.:8080')).toBe('example.com');
  });
});
