import type { FaqArticle, Message, Ticket } from "@parley/contract";

let n = 0;
const uuid = (prefix: string) => `${prefix}-0000-4000-8000-${String(++n).padStart(12, "0")}`;

export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  const now = new Date().toISOString();
  return {
    id: uuid("00000000"),
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
    sla: { firstResponseDueAt: null, resolutionDueAt: null, breached: false },
    ...over,
  };
}

export function makeMessage(over: Partial<Message> = {}): Message {
  return {
    id: uuid("10000000"),
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

export function makeArticle(over: Partial<FaqArticle> = {}): FaqArticle {
  const now = new Date().toISOString();
  const id = uuid("20000000");
  return {
    id,
    audience: "both",
    category: "Orders",
    question: `Question ${n}?`,
    answer: `Answer ${n}.`,
    answerHtml: `<p>Answer ${n}.</p>`,
    position: n,
    published: true,
    helpful: 0,
    notHelpful: 0,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}
