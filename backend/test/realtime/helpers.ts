import request from "supertest";
import type { Express } from "express";
import type { Actor } from "../support/test-context";

export type TicketDto = {
  id: string;
  shopId: string;
  status: string;
  updatedAt: string;
  unreadCount: number;
};
export type MessageDto = { id: string; ticketId: string; body: string; internal: boolean; createdAt: string };

export async function fileTicket(
  app: Express,
  shop: Actor,
  subject = "Where is my payout?",
): Promise<TicketDto> {
  const res = await request(app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject, message: "Hello, any news?" });
  if (res.status !== 201) throw new Error(`ticket not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TicketDto;
}

export async function postMessage(
  app: Express,
  who: Actor,
  ticketId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<MessageDto> {
  const res = await request(app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(who.auth)
    .send({ body, ...extra });
  if (res.status !== 201) throw new Error(`message not posted: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as MessageDto;
}
