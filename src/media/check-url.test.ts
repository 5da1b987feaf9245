import { describe, expect, it } from 'vitest';
import { checkUrl } from './check-url.js';

// Pure: URLs are parsed and judged, never requested.

describe('checkUrl', () => {
  it.each([
    'https://images.example/2026/a.jpg',
    'http://127.0.0.1:8080/a.png',
    'http://[2001:db8::1]/a.png',
    'HTTPS://Images.Example/A.JPG',
  ])('accepts %s', (url) => {
    expect(checkUrl(url).ok).toBe(true);
  });

  it.each([
    ['file:///etc/passwd', 'file: URLs are not fetched (http and https only)'],
    ['ftp://images.example/a.jpg', 'ftp: URLs are not fetched (http and https only)'],
    ['gopher://127.0.0.1:6379/_INFO', 'gopher: URLs are not fetched (http and https only)'],
    ['data:image/png;base64,iVBORw0KGgo=', 'data: URLs are not fetched (http and https only)'],
    ['not a url', 'not a valid URL'],
    ['http://2130706434/', 'host "2130706434" is an IP address in a non-standard form'],
    ['http://0x7f.1/', 'host "0x7f.1" is an IP address in a non-standard form'],
    ['http://017700000001:80/a.jpg', 'host "017700000001" is an IP address in a non-standard form'],
    ['http://127.1/', 'host "127.1" is an IP address in a non-standard form'],
    ['http://user@0x7f.0.0.1/', 'host "0x7f.0.0.1" is an IP address in a non-standard form'],
    ['http:\\\\2130706434\\a.jpg', 'host "2130706434" is an IP address in a non-standard form'],
    ['http://%31%32%37.0.0.1/', 'host "%31%32%37.0.0.1" is an IP address in a non-standard form'],
  ])('refuses %s: %s', (url, reason) => {
    expect(checkUrl(url)).toEqual({ ok: false, reason });
  });

  it('resolves a relative redirect against the hop it came from', () => {
    const verdict = checkUrl('/b.jpg', new URL('http://127.0.0.1:9/a.jpg'));
    expect(verdict.ok && verdict.url.href).toBe('http://127.0.0.1:9/b.jpg');
  });

  it('checks the host of a scheme-relative redirect as written', () => {
    expect(checkUrl('//2130706434/x', new URL('http://127.0.0.1/'))).toEqual({
      ok: false,
      reason: 'host "2130706434" is an IP address in a non-standard form',
    });
  });

  it('refuses a redirect to another scheme', () => {
    expect(checkUrl('file:///etc/passwd', new URL('http://127.0.0.1/')).ok).toBe(false);
  });
});
