import { describe, expect, it } from 'vitest';
import { parseRequestHead } from './request-head.js';

const parse = (text: string, offset = 0) => parseRequestHead(Buffer.from(text, 'latin1'), offset);
const GET = 'GET /rss.xml HTTP/1.1\r\nHost: a\r\n';

describe('parseRequestHead', () => {
  it('reads a plain GET and HEAD: target, the headers it needs, where the head ends', () => {
    const text = `${GET}Accept-Encoding: gzip, br\r\nIF-NONE-MATCH: "x"\r\nIf-Modified-Since: Thu, 26 Nov 2026 06:20:00 GMT\r\n\r\nGET`;
    expect(parse(text)).toEqual({
      end: text.length - 3,
      head: false,
      target: '/rss.xml',
      acceptEncoding: 'gzip, br',
      ifNoneMatch: '"x"',
      ifModifiedSince: 'Thu, 26 Nov 2026 06:20:00 GMT',
      close: false,
    });
    expect(parse('HEAD / HTTP/1.1\r\nhost: a\r\n\r\n')).toMatchObject({ head: true, target: '/' });
  });

  it('reads the second of two pipelined requests from its offset', () => {
    const one = `${GET}\r\n`;
    const two = 'HEAD /atom.xml HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n';
    expect(parse(one + two, one.length)).toMatchObject({
      end: (one + two).length,
      target: '/atom.xml',
      close: true,
    });
  });

  it.each([
    ['a partial head', GET],
    ['another method', 'POST /rss.xml HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['a lowercase method', 'get /rss.xml HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['HTTP/1.0', 'GET /rss.xml HTTP/1.0\r\nHost: a\r\n\r\n'],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['an absolute-form target', 'GET http://a/rss.xml HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['a NUL in the target', 'GET /rss.xml\u0000 HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['a byte above 0x7e in the target', 'GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['two spaces in the request line', 'GET  /rss.xml HTTP/1.1\r\nHost: a\r\n\r\n'],
    ['no Host', 'GET /rss.xml HTTP/1.1\r\n\r\n'],
    ['two Hosts', `${GET}Host: b\r\n\r\n`],
    ['a body by Content-Length', `${GET}Content-Length: 5\r\n\r\nhello`],
    ['Content-Length: 0', `${GET}Content-Length: 0\r\n\r\n`],
    ['a chunked body', `${GET}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['Expect', `${GET}Expect: 100-continue\r\n\r\n`],
    ['an upgrade', `${GET}Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n`],
    ['a space before the colon', `${GET}Transfer-Encoding : chunked\r\n\r\n`],
    ['a folded line', `${GET}Accept-Encoding: gzip\r\n br\r\n\r\n`],
    ['a line with no colon', `${GET}garbage\r\n\r\n`],
    ['a control character in a value', `${GET}Accept-Encoding: gzip\u0001\r\n\r\n`],
    ['a bare CR in a value', `${GET}Accept-Encoding: gz\rip\r\n\r\n`],
    ['a repeated If-None-Match', `${GET}If-None-Match: "a"\r\nIf-None-Match: "b"\r\n\r\n`],
    ['a head over 16 KiB', `${GET}X-Big: ${'a'.repeat(17_000)}\r\n\r\n`],
  ])('leaves %s to node:http', (_, text) => {
    expect(parse(text)).toBeUndefined();
  });
});
