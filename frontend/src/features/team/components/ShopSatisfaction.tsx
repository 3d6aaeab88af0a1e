import type { Ticket } from "@parley/contract";
import { useRate, useSatisfaction } from "../hooks/useTeam";
import SatisfactionPrompt from "./SatisfactionPrompt";

/** The shop's thread asks "How did we do?" once its ticket is resolved (and shows the rating after). */
export default function ShopSatisfaction({ ticket }: { ticket: Ticket }) {
  const resolved = ticket.status === "resolved" || (ticket.status === "closed" && ticket.resolvedAt !== null);
  const eligible = resolved && !ticket.mergedIntoId;
  const rating = useSatisfaction(ticket.id, eligible);
  const rate = useRate(ticket.id);
  if (!eligible || rating.isPending || rating.isError) return null;
  return (
    <SatisfactionPrompt
      rating={rating.data}
      busy={rate.isPending}
      error={rate.isError ? rate.error.message : null}
      onSubmit={(r) => rate.mutate(r)}
    />
  );
}
