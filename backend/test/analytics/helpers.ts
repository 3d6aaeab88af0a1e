import request from "supertest";
import type { Express } from "express";
import type { Actor } from "../support/test-context";

/** A calendar open around the clock, so business time is wall time and expectations are hand-computable. */
export const ALWAYS_OPEN = {
  timeZone: "UTC",
  hours: (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({
    day,
    start: "00:00",
    end: "24:00",
  })),
  holidays: [],
};
/** First response 60 minutes, resolution 240 minutes, for every priority. */
export const FLAT_TARGETS = (["low", "medium", "high", "urgent"] as const).map((priority) => ({
  priority,
  firstResponseMinutes: 60,
  resolutionMinutes: 240,
}));

export const MIN = 60_000;

export function putPolicy(app: Express, admin: Actor, body: unknown) {
  return request(app)
    .put("/api/sla-policies")
    .set(admin.auth)
    .send(body as object);
}

export const ms = (iso: string) => new Date(iso).getTime();
export const isoAt = (t: number) => new Date(t).toISOString();
