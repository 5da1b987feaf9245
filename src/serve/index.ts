// serve: HTTP over the published folder (content types, ETag, 304, gzip and brotli, /healthz).
// Knows only the folder's layout (publish/media-types); must not import build, formats, records or cli.
export { chooseCoding } from './accept-encoding.js';
export {
  createFeedServer,
  type FeedServer,
  type FeedServerOptions,
  HEALTH_PATH,
  type HealthReport,
} from './feed-server.js';
export { resolveRequestPath } from './request-path.js';
export { type RunningFeedServer, startFeedServer } from './start-feed-server.js';
