import type { ReactNode } from "react";
import type { FaqViewerAudience } from "@parley/contract";
import { useFaqReader } from "../hooks/useFaq";
import type { FaqHistoryMode } from "../hooks/useFaqViewState";
import FaqBrowser from "./FaqBrowser";

/** Container: the FAQ for one audience, searched, filtered and voted on through useFaqReader. */
export default function FaqReader({
  audience,
  noResultsHint,
  history,
  revealOnLoad,
  articleLink,
}: {
  audience: FaqViewerAudience;
  noResultsHint?: ReactNode;
  /** Where the search, category and open article live (default: memory; see useFaqViewState). */
  history?: FaqHistoryMode;
  /** Bring an article in the URL into view and focus as the page loads (default true). */
  revealOnLoad?: boolean;
  /** An article's own address, for "Copy link". */
  articleLink?: (id: string) => string;
}) {
  const { reload, ...reader } = useFaqReader(audience, { history, revealOnLoad });
  return <FaqBrowser {...reader} onRetry={reload} noResultsHint={noResultsHint} articleLink={articleLink} />;
}
