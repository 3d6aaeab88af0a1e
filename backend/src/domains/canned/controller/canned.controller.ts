import { Router, type RequestHandler } from "express";
import {
  cannedResponseBodySchema,
  cannedResponseGetParamsSchema,
  cannedResponseListQuerySchema,
  cannedResponsePatchSchema,
  type CannedResponse as CannedResponseDto,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf, requireRole } from "../../../platform/http/auth";
import type { CannedResponse } from "../domain/canned";
import type { CannedService } from "../service/canned.service";

export type CannedGuards = {
  authenticate: RequestHandler;
  writeRateLimit: RequestHandler;
  readRateLimit: RequestHandler;
};

/** Whitelisted: a canned response leaves the API with exactly these fields. */
export const toCannedDto = (c: CannedResponse): CannedResponseDto => ({
  id: c.id,
  title: c.title,
  body: c.body,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** /api/canned-responses: admins only. */
export function createCannedRouter(deps: { canned: CannedService; guards: CannedGuards }) {
  const { canned, guards } = deps;
  const router = Router();
  router.use(guards.authenticate, requireRole("admin"), guards.writeRateLimit, guards.readRateLimit);

  router.get("/", async (req, res) => {
    parse(cannedResponseListQuerySchema, req.query, "query");
    res.json({ items: (await canned.list()).map(toCannedDto) });
  });
  router.get("/:id", noQuery, async (req, res) => {
    const { id } = parse(cannedResponseGetParamsSchema, req.params, "params");
    res.json(toCannedDto(await canned.get(id)));
  });
  router.post("/", noQuery, async (req, res) => {
    const body = parse(cannedResponseBodySchema, req.body, "body");
    res.status(201).json(toCannedDto(await canned.create(principalOf(req).userId, body)));
  });
  router.patch("/:id", noQuery, async (req, res) => {
    const { id } = parse(cannedResponseGetParamsSchema, req.params, "params");
    const patch = parse(cannedResponsePatchSchema, req.body, "body");
    res.json(toCannedDto(await canned.update(id, patch)));
  });
  router.delete("/:id", noQuery, async (req, res) => {
    const { id } = parse(cannedResponseGetParamsSchema, req.params, "params");
    await canned.remove(id);
    res.status(204).end();
  });
  return router;
}
