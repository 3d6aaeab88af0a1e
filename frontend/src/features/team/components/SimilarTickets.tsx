import { useQuery } from "@tanstack/react-query";
import { similarTicketsQuerySchema } from "@parley/contract";
import { useDebounced } from "../../../hooks/useDebounced";
import { similarTickets } from "../api/team";

/** The longest `q` the server takes: read from the contract's schema, the one place the number is written. */
const QUERY_MAX = similarTicketsQuerySchema.shape.q.maxLength ?? Infinity;

/**
 * The start of the draft that fits in one request: the subject (it comes first) and as much of the
 * message as there is room for. A longer `q` is refused with a 400 on every pause in typing, and the
 * hint goes; the opening of a draft says what it is about anyway. A cut through an emoji drops its
 * first half, which the contract also refuses.
 */
function similarQuery(draft: string): string {
  const q = draft.trim().slice(0, QUERY_MAX);
  return /[\uD800-\uDBFF]$/.test(q) ? q.slice(0, -1) : q;
}

/** While a shop drafts a ticket: its own open tickets that look like the draft (maybe a duplicate). */
export default function SimilarTickets(props: { draft: string; onOpen: (ticketId: string) => void }) {
  const q = useDebounced(similarQuery(props.draft), 400);
  const similar = useQuery({
    queryKey: ["team", "similar", q],
    queryFn: () => similarTickets(q),
    enabled: q.length >= 3,
  });
  const items = similar.data ?? [];
  if (items.length === 0) return null;
  return (
    <section
      aria-label="Your similar open tickets"
      className="mt-3 rounded border border-amber-200 bg-amber-50 p-2 text-sm"
    >
      <p className="font-medium text-amber-900">You may already have a ticket about this:</p>
      <ul className="mt-1">
        {items.map((t) => (
          <li key={t.id}>
            {/* At least 24 px high (WCAG 2.5.8): a line of text alone made a 20 px target. */}
            <button
              type="button"
              onClick={() => props.onOpen(t.id)}
              className="min-h-6 py-0.5 text-left text-indigo-700 underline"
            >
              #{t.number} {t.subject}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
