import type { TicketVisitor } from "@parley/contract";

/**
 * What the support domain asks of the visitors domain (issue 18, wired in modules.ts): who wrote each
 * of these visitor conversations (name, email, page URL). Only admins' copies of a ticket carry it.
 */
export type SupportVisitorsPort = {
  describe(ticketIds: string[]): Promise<Map<string, TicketVisitor>>;
};

export const noVisitors: SupportVisitorsPort = { describe: () => Promise.resolve(new Map()) };
