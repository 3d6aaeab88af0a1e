/**
 * The keys an upload's bytes are stored under: its id for the file, and `<id>.thumb.webp` for an image's
 * thumbnail. Nothing else in storage is Parley's.
 */
export const fileKeyOf = (uploadId: string): string => uploadId;
export const thumbnailKeyOf = (uploadId: string): string => `${uploadId}.thumb.webp`;

const OWN_KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.thumb\.webp)?$/;

/** The upload a stored key belongs to; null for a key no upload is ever stored under. */
export function uploadIdOfKey(key: string): string | null {
  return OWN_KEY.exec(key)?.[1] ?? null;
}
