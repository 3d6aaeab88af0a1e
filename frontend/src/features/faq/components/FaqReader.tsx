import type { ReactNode } from "react";
import type { FaqViewerAudience } from "@parley/contract";
import { useFaqReader } from "../hooks/useFaq";
import FaqBrowser from "./FaqBrowser";

/** Container: the FAQ for one audience, searched, filtered and voted on through useFaqReader. */
export default function FaqReader({
  audience,
  noResultsHint,
}: {
  audience: FaqViewerAudience;
  noResultsHint?: ReactNode;
}) {
  const { reload, ...reader } = useFaqReader(audience);
  return <FaqBrowser {...reader} onRetry={reload} noResultsHint={noResultsHint} />;
}
