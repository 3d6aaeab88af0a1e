import { useQuery } from "@tanstack/react-query";
import { ATTACHMENT_LINK_TTL_SECONDS } from "@parley/contract";
import { getAttachmentLink } from "../api/attachments";

export const attachmentLinkKey = (id: string) => ["attachment-link", id] as const;

/**
 * Signed URLs for one attachment (for <img src> and download links, which cannot send the bearer token).
 * They expire after ATTACHMENT_LINK_TTL_SECONDS, so they are renewed a minute before.
 */
export function useAttachmentLink(id: string) {
  const fresh = Math.max(30, ATTACHMENT_LINK_TTL_SECONDS - 60) * 1000;
  return useQuery({
    queryKey: attachmentLinkKey(id),
    queryFn: ({ signal }) => getAttachmentLink(id, signal),
    staleTime: fresh,
    refetchInterval: fresh,
    gcTime: fresh,
  });
}
