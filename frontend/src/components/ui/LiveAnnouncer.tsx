import { useCallback, useState } from "react";

export type Announcement = { text: string; count: number };

/**
 * Words for screen readers, spoken politely through a `LiveAnnouncer`. A live region is only heard when
 * its text changes while it is mounted: the region stays, `announce` changes what it says.
 */
export function useAnnouncer() {
  const [announcement, setAnnouncement] = useState<Announcement>({ text: "", count: 0 });
  const announce = useCallback((text: string) => setAnnouncement((a) => ({ text, count: a.count + 1 })), []);
  return { announcement, announce };
}

/**
 * The visually hidden polite region. Keep it mounted for as long as anything may be announced. `label`
 * names it, where a screen has several status regions.
 */
export function LiveAnnouncer({ announcement, label }: { announcement: Announcement; label?: string }) {
  return (
    <div role="status" aria-label={label} className="sr-only">
      {/* A new node for each announcement: the same words twice in a row (a second search that finds
          nothing, a second message saying "ok") are read twice, not taken for no change. */}
      {announcement.text && <p key={announcement.count}>{announcement.text}</p>}
    </div>
  );
}
