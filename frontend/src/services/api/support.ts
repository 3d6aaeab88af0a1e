/** The support desk's API client, as the seed's public path; it lives in features/tickets/api. */
export {
  createTicket,
  getTicket,
  listAdmins,
  listMessages,
  listShops,
  listTicketEvents,
  listTickets,
  markRead,
  postMessage,
  updateTicket,
  type TicketFilters,
} from "../../features/tickets/api/tickets";
