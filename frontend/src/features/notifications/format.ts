import type { Delivery } from "@parley/contract";

const SHOWN = 3;

/** Whom an email delivery went to: its address, or the first of the addresses one email to several admins had. */
export function emailAddressees(d: Pick<Delivery, "target" | "recipients">): string {
  if (!d.recipients) return d.target;
  const shown = d.recipients.slice(0, SHOWN).join(", ");
  const more = d.recipients.length - SHOWN;
  return more > 0 ? `${d.recipients.length} admins: ${shown} and ${more} more` : shown;
}

/** A time of the notifications pages in the reader's own format, or a dash when there is none. */
export const timeOrDash = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : "—");
