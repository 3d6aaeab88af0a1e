/**
 * `/login?next=`: where to go after signing in. Only a path on this site is accepted (never
 * `//evil.io`, `/\evil.io`, `https://…` or `javascript:`), so the parameter cannot send anyone away.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return null;
  try {
    const url = new URL(next, "http://parley.invalid");
    if (url.origin !== "http://parley.invalid") return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

export const loginPathFor = (here: string) =>
  here === "/" || here === "" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
