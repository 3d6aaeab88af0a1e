import { useQuery } from "@tanstack/react-query";
import { ATTACHMENT_LINK_TTL_SECONDS } from "@parley/contract";
import { getAttachmentLinks } from "../api/attachments";
import { createLinkBatch } from "../api/link-batch";

export const attachmentLinkKey = (id: string) => ["attachment-link", id] as const;

/** One batch for the app: every image of a thread asks in the same turn, and one request answers them. */
const links = createLinkBatch(getAttachmentLinks);

/**
 * Signed URLs for one attachment (for <img src> and download links, which cannot send the bearer token).
 * They expire after ATTACHMENT_LINK_TTL_SECONDS, so they are renewed a minute before. Fetched together
 * with the other attachments' links asked for at the same moment (api/link-batch.ts).
 */
export function useAttachmentLink(id: string) {
  const fresh = Math.max(30, ATTACHMENT_LINK_TTL_SECONDS - 60) * 1000;
  return useQuery({
    queryKey: attachmentLinkKey(id),
    queryFn: () => links.load(id),
    staleTime: fresh,
    refetchInterval: fresh,
    gcTime: fresh,
  });
}
