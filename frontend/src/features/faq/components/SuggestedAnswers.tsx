import { useFaqSuggestions } from "../hooks/useFaq";
import FaqSuggestions from "./FaqSuggestions";

/** Container: suggestions for a ticket draft, with deflection events reported for its form session. */
export default function SuggestedAnswers({
  draft,
  deflectionSessionId,
}: {
  draft: string;
  deflectionSessionId: string;
}) {
  const { items, onOpen, voting } = useFaqSuggestions(draft, deflectionSessionId);
  return <FaqSuggestions items={items} onOpen={onOpen} voting={voting} />;
}
