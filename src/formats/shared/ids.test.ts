import { describe, expect, it } from 'vitest';
import { aSite } from '../../../test/builders.js';
import { feedTagUri, storyTagUri } from './ids.js';

// RFC 4151 §2.1: specific = *( pchar / "/" / "?" ), ASCII only.
const TAG_URI = /^tag:[a-z0-9.-]+,\d{4}(-\d\d){0,2}:([A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-F]{2})*$/;

describe('tag URIs', () => {
  it('keeps ASCII feed keys as they are', () => {
    expect(feedTagUri(aSite(), 'sections/world')).toBe('tag:meridianherald.example,2026:feed/sections/world');
    expect(storyTagUri(aSite(), 'harbour-tunnel-vote')).toBe(
      'tag:meridianherald.example,2026:story/harbour-tunnel-vote',
    );
  });

  it('percent-encodes a slug in any script, so the id stays a valid tag URI', () => {
    const uri = feedTagUri(aSite(), 'tags/天文学');
    expect(uri).toBe('tag:meridianherald.example,2026:feed/tags/%E5%A4%A9%E6%96%87%E5%AD%A6');
    expect(uri).toMatch(TAG_URI);
    expect(feedTagUri(aSite(), 'authors/رامي-القصّار')).toMatch(TAG_URI);
  });

  it('never throws on a key holding a lone surrogate', () => {
    expect(feedTagUri(aSite(), 'tags/a\uD800b')).toBe('tag:meridianherald.example,2026:feed/tags/ab');
  });
});
