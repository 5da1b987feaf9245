/** What the NewsML-G2 writer needs to know about the site; never the clock, never the file system. */
export interface WireSite {
  /** Domain in guids, `urn:newsml:<domain>:<yyyymmdd>:<id>` (config `wire.domain`, else `site.tagAuthority`). */
  readonly domain: string;
  /** Provider of every item, and the credit line of staff copy (config `wire.providerName`, else `site.title`). */
  readonly providerName: string;
  /** Absolute, ends with `/`: the provider's URI and the base of the house schemes' URIs. */
  readonly siteUrl: string;
  /** BCP 47; stories carry their own language, this one labels the index. */
  readonly language: string;
  /** Copyright notice of staff copy when a story has no `rights` of its own. */
  readonly copyright?: string;
  /**
   * Whether embargoed stories go to the wire ahead of their instant. The caller (select/build)
   * decides what to render from it; the writer marks every embargoed story it is handed.
   */
  readonly earlyEmbargoDelivery: boolean;
}
