// Maps a request target to a path relative to the published folder, or undefined for 404.
// Deliberately strict: published names are plain slugs, so anything unusual is refused
// rather than normalised, and nothing outside the folder or hidden in it can be named.

const MAX_TARGET_LENGTH = 1024;
/** Controls (NUL included), DEL, both slashes and `%` left after decoding (double encoding). */
const BAD_IN_SEGMENT = /[\u0000-\u001f\u007f/\\%]/;

/**
 * `/` and any `…/` name the folder's `index.html`. Refused: targets not starting with `/`
 * (absolute-form URLs), backslashes, empty segments (`//`), undecodable escapes, and segments
 * that start with a dot after decoding: `.`, `..`, `%2e%2e`, and dotfiles such as the
 * publisher's `.rss.xml.<random>.tmp` files or a `.syndicate` state folder.
 */
export function resolveRequestPath(target: string): string | undefined {
  if (target.length > MAX_TARGET_LENGTH || target.charCodeAt(0) !== 0x2f /* / */) return undefined;
  const end = target.search(/[?#]/);
  const raw = end === -1 ? target : target.slice(0, end);
  if (raw.includes('\\')) return undefined;
  const segments = raw.slice(1).split('/');
  if (segments[segments.length - 1] === '') segments[segments.length - 1] = 'index.html';
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] as string;
    if (segment.includes('%')) {
      try {
        segment = decodeURIComponent(segment);
      } catch {
        return undefined; // malformed escape: nothing published has such a name
      }
      segments[i] = segment;
    }
    if (segment === '' || segment.charCodeAt(0) === 0x2e /* . */ || BAD_IN_SEGMENT.test(segment)) {
      return undefined;
    }
  }
  return segments.join('/');
}
