import type { Config } from '../config/config-schema.js';
import type { Site } from '../formats/feed-view.js';
import type { WireSite } from '../formats/newsml/index.js';

/** Where the output folder is served; feeds' self links use it. */
export function feedsUrlOf(config: Config): string {
  return config.site.feedsUrl ?? `${config.site.baseUrl}feeds/`;
}

export function siteOf(config: Config): Site {
  const s = config.site;
  return {
    title: s.title,
    description: s.description,
    baseUrl: s.baseUrl,
    language: s.language,
    tagAuthority: s.tagAuthority,
    tagDate: s.tagDate,
    ...(s.copyright === undefined ? {} : { copyright: s.copyright }),
    ...(s.logoUrl === undefined ? {} : { logoUrl: s.logoUrl }),
    ...(config.websub.hubs.length ? { hubs: config.websub.hubs } : {}),
  };
}

export function wireSiteOf(config: Config): WireSite {
  return {
    domain: config.wire.domain ?? config.site.tagAuthority,
    providerName: config.wire.providerName ?? config.site.title,
    siteUrl: config.site.baseUrl,
    language: config.site.language,
    earlyEmbargoDelivery: config.wire.earlyEmbargoDelivery,
    ...(config.site.copyright === undefined ? {} : { copyright: config.site.copyright }),
  };
}
