import { useQuery } from "@tanstack/react-query";
import { useDebounced } from "../../../hooks/useDebounced";
import { similarTickets } from "../api/team";

/** While a shop drafts a ticket: its own open tickets that look like the draft (maybe a duplicate). */
export default function SimilarTickets(props: { draft: string; onOpen: (ticketId: string) => void }) {
  const q = useDebounced(props.draft.trim(), 400);
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
            <button type="button" onClick={() => props.onOpen(t.id)} className="text-indigo-700 underline">
              #{t.number} {t.subject}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
