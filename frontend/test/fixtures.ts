import type { Message, Ticket } from "../src/services/api/support";

let n = 0;
export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  n += 1;
  const now = new Date().toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    number: 1000 + n,
    shopId: "shop-acme",
    subject: `Ticket ${n}`,
    status: "open",
    priority: "medium",
    category: null,
    assigneeId: null,
    createdBy: "demo-acme",
    createdAt: now,
    updatedAt: now,
    lastMessageAt: now,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    unreadCount: 0,
    ...over,
  };
}

export function makeMessage(over: Partial<Message> = {}): Message {
  n += 1;
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    ticketId: "t1",
    senderType: "shop",
    senderId: "demo-acme",
    senderName: "Sam",
    body: `Message ${n}`,
    internal: false,
    attachments: [],
    clientMessageId: null,
    createdAt: new Date().toISOString(),
    readAt: null,
    ...over,
  };
}
