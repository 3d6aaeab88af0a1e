import { fileKeyOf, thumbnailKeyOf, uploadIdOfKey } from "./storage-keys";

describe("storage keys", () => {
  const id = "0b6f3a52-8f1e-4c9a-9d57-2f6c1e0a7b44";

  it("name an upload's file and thumbnail, and lead back to the upload", () => {
    expect(uploadIdOfKey(fileKeyOf(id))).toBe(id);
    expect(uploadIdOfKey(thumbnailKeyOf(id))).toBe(id);
  });

  it("are never anything else that might share the folder or bucket", () => {
    for (const key of [
      `${id}.png`,
      `${id}.thumb.png`,
      `${id}.part`,
      `${id.toUpperCase()}`,
      `x${id}`,
      `${id}/other`,
      ".incoming",
      "backup.tar",
      "",
    ])
      expect(uploadIdOfKey(key)).toBeNull();
  });
});
