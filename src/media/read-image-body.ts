import { type Dimensions, readDimensions } from './read-dimensions.js';
import { decideImageType, SNIFF_BYTES } from './sniff-image-type.js';

// Reads as little of a response body as the facts need: the signature and the header that
// holds the size are in the first bytes; the rest is read only when the length is otherwise
// unknown (no Content-Length, no Content-Range) or to check a small body against its length.

export interface BodyPlan {
  readonly contentType: string | undefined;
  /** Keep at most this many first bytes for the signature and the dimensions. */
  readonly headBytes: number;
  /** Read to the end (up to maxBytes) to learn or check the length. */
  readonly readToEnd: boolean;
  readonly maxBytes: number;
}

export interface BodyReading {
  readonly type?: string;
  readonly notImage?: string;
  readonly dimensions?: Dimensions;
  readonly received: number;
  /** The body ended on its own: `received` is its length. */
  readonly complete: boolean;
  /** Stopped at maxBytes. */
  readonly capped: boolean;
  /** The error that ended the body early (timeout, reset, length mismatch), if any. */
  readonly error?: unknown;
}

export async function readImageBody(body: AsyncIterable<Uint8Array>, plan: BodyPlan): Promise<BodyReading> {
  const chunks: Uint8Array[] = [];
  let headLength = 0;
  let received = 0;
  let nextParseAt = SNIFF_BYTES;
  let decided: ReturnType<typeof decideImageType> | undefined;
  let dimensions: Dimensions | undefined;
  const head = () => Buffer.concat(chunks, headLength);
  const state = () => ({
    ...(decided === undefined
      ? {}
      : 'type' in decided
        ? { type: decided.type }
        : { notImage: decided.notImage }),
    ...(dimensions === undefined ? {} : { dimensions }),
    received,
  });

  try {
    for await (const chunk of body) {
      received += chunk.length;
      if (headLength < plan.headBytes) {
        const part = chunk.subarray(0, plan.headBytes - headLength);
        chunks.push(part);
        headLength += part.length;
      }
      if (decided === undefined && headLength >= SNIFF_BYTES)
        decided = decideImageType(head(), plan.contentType);
      if (decided !== undefined && 'notImage' in decided)
        return { ...state(), complete: false, capped: false };
      // Parsing is retried as the head doubles, so a 100 KB EXIF block costs a few parses, not one per chunk.
      if (decided !== undefined && dimensions === undefined && headLength >= nextParseAt) {
        dimensions = readDimensions(head());
        nextParseAt = headLength * 2;
      }
      const headDone = dimensions !== undefined || headLength >= plan.headBytes;
      if (headDone && !plan.readToEnd) return { ...state(), complete: false, capped: false };
      if (received >= plan.maxBytes) return { ...state(), complete: false, capped: true };
    }
  } catch (error) {
    return { ...finish(false), complete: false, capped: false, error };
  }
  return { ...finish(true), complete: true, capped: false };

  // Bodies shorter than SNIFF_BYTES, or a size found only in the last bytes read. A body cut
  // short is not judged by its first few bytes: the error that cut it is the story.
  function finish(ended: boolean) {
    if (decided === undefined && headLength > 0 && ended) decided = decideImageType(head(), plan.contentType);
    if (decided !== undefined && 'type' in decided && dimensions === undefined)
      dimensions = readDimensions(head());
    return state();
  }
}
