// NewsML-G2 wire output: one newsMessage per story, its guid, and the index partners poll.
// Pure writers: imports nothing from select/, publish/, cli/ or node:fs; no clock.

export { newsmlGuid, packageGuid, pictureGuid } from './guids.js';
export {
  type NewsmlIndexEntry,
  newestEntryFirst,
  newsmlIndexEntry,
  newsmlIndexEntryXml,
  renderNewsmlIndex,
  renderNewsmlIndexFrom,
} from './index-feed.js';
export { NEWS_MESSAGE_TYPE, renderNewsMessage } from './message.js';
export type { WireSite } from './wire-site.js';
