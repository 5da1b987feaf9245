/** Errors of the run itself (config, disk, usage); bad records are diagnostics, not errors. */
export class SyndicateError extends Error {
  constructor(
    readonly code: 'CONFIG' | 'USAGE' | 'IO' | 'VERIFY',
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SyndicateError';
  }
}
