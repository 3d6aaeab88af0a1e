/** How a webhook's URL is shown back: its password is a secret like the webhook's own. */
import { WEBHOOK_MASKED_PASSWORD as MASKED_PASSWORD } from "@parley/contract";

/** The scheme and the slashes after it; the authority runs from there to the first "/", "\", "?" or "#". */
const PREFIX = /^[a-z][a-z0-9+.-]*:[/\\]*/i;

/**
 * The URL with the password of its `user:password@` part replaced by `***`, everything else as the admin
 * typed it. A URL without a password comes back unchanged, byte for byte: it is not normalised. Query-string
 * tokens are not touched (many receivers use them; docs/notifications.md says they are shown).
 */
export function maskUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === "") return url;
  // Edit the text rather than reserialise it: as the URL standard reads it, the userinfo ends at the last
  // "@" of the authority and the password starts at its first ":".
  const prefix = PREFIX.exec(url)?.[0] ?? "";
  const rest = url.slice(prefix.length);
  const authorityEnd = rest.search(/[/\\?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf("@");
  const colon = authority.indexOf(":");
  if (at !== -1 && colon !== -1 && colon < at) {
    const masked = prefix + authority.slice(0, colon + 1) + MASKED_PASSWORD + rest.slice(at);
    if (sameButPassword(parsed, masked)) return masked;
  }
  // A spelling the text edit misreads (tabs inside, say): show the normalised URL rather than the secret.
  parsed.password = MASKED_PASSWORD;
  return parsed.href;
}

/** Whether `masked` reads as `original` with only its password replaced. */
function sameButPassword(original: URL, masked: string): boolean {
  try {
    const m = new URL(masked);
    return m.password === MASKED_PASSWORD && m.href === withPassword(original, MASKED_PASSWORD);
  } catch {
    return false;
  }
}

function withPassword(u: URL, password: string): string {
  const copy = new URL(u.href);
  copy.password = password;
  return copy.href;
}
