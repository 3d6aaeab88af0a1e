import type { Role, Ticket as TicketDto } from "@parley/contract";
import type { SupportVisitorsPort } from "../service/visitors.port";

/**
 * Adds `visitor` (name, email, page URL) to the admins' copies of website visitors' conversations
 * (issue 18). A shop's copies are returned untouched: a shop never learns who a visitor is.
 */
export function createVisitorDetails(port: SupportVisitorsPort) {
  return async <T extends TicketDto>(role: Role, dtos: T[]): Promise<T[]> => {
    if (role !== "admin") return dtos;
    const ids = dtos.filter((d) => d.source === "visitor").map((d) => d.id);
    if (ids.length === 0) return dtos;
    const found = await port.describe(ids);
    return dtos.map((d) => (d.source === "visitor" ? { ...d, visitor: found.get(d.id) ?? null } : d));
  };
}

export type VisitorDetails = ReturnType<typeof createVisitorDetails>;
