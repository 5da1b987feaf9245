import { createHash } from 'node:crypto';
import type { FeedView } from '../formats/feed-view.js';
import {
  type NewsmlIndexEntry,
  newestEntryFirst,
  newsmlIndexEntry,
  newsmlIndexEntryXml,
  renderNewsMessage,
  renderNewsmlIndexFrom,
  type WireSite,
} from '../formats/newsml/index.js';
import type { Output, OutputKind, OutputParts } from '../publish/publish-outputs.js';
import type { Article } from '../records/article.js';
import { articleKey } from '../records/article-key.js';
import { FEED_FORMATS, itemKindOf, type Room, renderFeedDocument } from './feed-documents.js';
import { renderFingerprint } from './render-fingerprint.js';
import type { SharedItems } from './shared-items.js';

/** An output that is rendered only if its key differs from the one its file was written from. */
export interface PlannedOutput {
  readonly path: string;
  readonly kind: OutputKind;
  /** Changes whenever the bytes could: the writers' code, the feed's settings, its stories. */
  readonly key: string;
  /** A feed document's items, so a build can render each once for every document carrying it. */
  readonly items?: PlannedItems;
  /** `room`, when given, is where a feed document's bytes go. */
  readonly render: (
    shared: SharedItems,
    room?: Room,
  ) => string | { readonly bytes: Buffer; readonly parts: OutputParts };
}

export interface PlannedItems {
  /** What names the items' texts with their story keys (OutputParts.kind). */
  readonly kind: string;
  /** The document's own stories (its view's), newest first. */
  readonly stories: readonly Article[];
}

/** A short hash of the writers' code and the given parts: what an output's bytes depend on. */
export function keyOf(...parts: readonly string[]): string {
  const hash = createHash('sha256').update(renderFingerprint());
  for (const p of parts) hash.update('\u0000').update(p);
  return hash.digest('base64url').slice(0, 22);
}

// A service's selection hands back the same view objects for feeds that did not change, so
// their plans (and the hashing that makes their keys) are kept rather than made again.
const plans = new WeakMap<FeedView, { readonly dir: string; readonly planned: PlannedOutput[] }>();

export function planFeedSet(view: FeedView, dir: string): PlannedOutput[] {
  const known = plans.get(view);
  if (known?.dir === dir) return known.planned;
  const planned = planFresh(view, dir);
  plans.set(view, { dir, planned });
  return planned;
}

function planFresh(view: FeedView, dir: string): PlannedOutput[] {
  const { stories, ...meta } = view;
  const key = keyOf(JSON.stringify(meta), ...stories.map(articleKey));
  return FEED_FORMATS.map((format) => {
    const items = { kind: itemKindOf(format, view), stories };
    return {
      path: `${dir}${format.file}`,
      kind: format.kind,
      key: `${format.prefix}:${key}`,
      items,
      render: (shared: SharedItems, room?: Room) => renderFeedDocument(format, view, shared.of(items), room),
    };
  });
}

/** Per story and wire settings: its message's key, index entry and the entry's XML. */
interface WirePart {
  readonly wireKey: string;
  readonly key: string;
  readonly entry: NewsmlIndexEntry;
  readonly xml: string;
}

// Unchanged records keep their Article objects between a service's builds, so what each story
// contributes to the wire is worked out once, not once per build for every story on the wire.
const wireParts = new WeakMap<Article, WirePart>();

function wirePartOf(story: Article, wire: WireSite, wireKey: string): WirePart {
  const known = wireParts.get(story);
  if (known?.wireKey === wireKey) return known;
  const entry = newsmlIndexEntry(story, wire, `newsml/${story.id}.xml`);
  const part = { wireKey, key: keyOf(wireKey, articleKey(story)), entry, xml: newsmlIndexEntryXml(entry) };
  wireParts.set(story, part);
  return part;
}

export function planWire(stories: readonly Article[], wire: WireSite, indexUrl: string): PlannedOutput[] {
  const wireKey = JSON.stringify(wire);
  const parts = stories.map((story) => wirePartOf(story, wire, wireKey));
  const planned: PlannedOutput[] = stories.map((story, i) => ({
    path: `newsml/${story.id}.xml`,
    kind: 'newsml',
    key: (parts[i] as WirePart).key,
    render: () => renderNewsMessage(story, wire),
  }));
  planned.push({
    path: 'newsml-index.xml',
    kind: 'xml',
    key: keyOf(wireKey, indexUrl, ...parts.map((p) => p.key)),
    render: () => {
      const sorted = [...parts].sort((a, b) => newestEntryFirst(a.entry, b.entry));
      return renderNewsmlIndexFrom(
        sorted[0]?.entry.versionCreated,
        sorted.map((p) => p.xml),
        wire,
        indexUrl,
      );
    },
  });
  return planned;
}

/** Renders a planned output now, with the items `shared` holds, its bytes (if any) in `room`. */
export function renderPlanned(p: PlannedOutput, shared: SharedItems, room?: Room): Output {
  const rendered = p.render(shared, room);
  return typeof rendered === 'string'
    ? { path: p.path, kind: p.kind, text: rendered }
    : { path: p.path, kind: p.kind, ...rendered };
}
