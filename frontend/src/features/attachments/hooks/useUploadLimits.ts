import { useQuery } from "@tanstack/react-query";
import { getUploadLimits } from "../api/attachments";

export const uploadLimitsKey = ["upload-limits"] as const;

/**
 * The server's upload limits, read once per session: they change only when the server is restarted with
 * another UPLOAD_MAX_BYTES. Until they arrive (or if they cannot be read) nothing is refused here, and the
 * server's 413 says the same.
 */
export function useUploadLimits() {
  return useQuery({
    queryKey: uploadLimitsKey,
    queryFn: ({ signal }) => getUploadLimits(signal),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
