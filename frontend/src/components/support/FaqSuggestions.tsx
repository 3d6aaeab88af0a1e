// STUB owned by the FAQ work (issue 6): suggests FAQ articles for a draft ticket and reports deflection.
export type FaqSuggestionsProps = {
  /** The draft's subject and message so far. */
  draft: string;
  /** One id per new-ticket form session; the same id is passed to reportTicketFiled(). */
  deflectionSessionId: string;
};

export default function FaqSuggestions(_props: FaqSuggestionsProps) {
  return null;
}
