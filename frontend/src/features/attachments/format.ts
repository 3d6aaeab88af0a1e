/** 1258291 → "1.2 MB" (units of 1024, as the server's limit sentences use). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export const isImage = (contentType: string) => /^image\/(png|jpeg|gif|webp|avif)$/.test(contentType);

/** What the file pickers offer (the server still decides from the bytes). */
export const ACCEPT =
  "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,.csv,.txt,.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.zip,.mp4,.mov,.webm";
