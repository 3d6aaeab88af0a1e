import { ATTACHMENT_LINKS_MAX, type AttachmentLink, type AttachmentLinks } from "@parley/contract";
import { ApiError } from "../../../services/api/client";

type Waiting = { resolve: (link: AttachmentLink) => void; reject: (error: unknown) => void };

/**
 * Collects the links asked for within one turn of the event loop (a thread's images mount together) and
 * fetches them in requests of up to ATTACHMENT_LINKS_MAX, instead of one request per attachment. An
 * attachment the server leaves out is answered as its own link would be: 404.
 */
export function createLinkBatch(fetchLinks: (ids: string[]) => Promise<AttachmentLinks>) {
  let waiting = new Map<string, Waiting[]>();

  function flush(): void {
    const batch = waiting;
    waiting = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += ATTACHMENT_LINKS_MAX) {
      const chunk = ids.slice(i, i + ATTACHMENT_LINKS_MAX);
      fetchLinks(chunk).then(
        ({ items }) => {
          const byId = new Map(items.map(({ id, ...link }) => [id, link]));
          for (const id of chunk) {
            const link = byId.get(id);
            for (const w of batch.get(id)!) {
              if (link) w.resolve(link);
              else w.reject(new ApiError(404, "NOT_FOUND", "This attachment is not available."));
            }
          }
        },
        (error: unknown) => chunk.forEach((id) => batch.get(id)!.forEach((w) => w.reject(error))),
      );
    }
  }

  return {
    /** The links of one attachment, fetched with the others asked for in the same turn. */
    load(id: string): Promise<AttachmentLink> {
      return new Promise((resolve, reject) => {
        if (waiting.size === 0) setTimeout(flush, 0);
        const key = id.toLowerCase();
        waiting.set(key, [...(waiting.get(key) ?? []), { resolve, reject }]);
      });
    },
  };
}
