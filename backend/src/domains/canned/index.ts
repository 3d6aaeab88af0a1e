import type { Knex } from "knex";
import { createCannedRepository } from "./repository/canned.repository";
import { createCannedService } from "./service/canned.service";
import { createCannedRouter, type CannedGuards } from "./controller/canned.controller";
import { registerCannedDocs } from "./controller/canned.openapi";

/** Composition root of the canned responses domain: the admin team's saved replies. */
export function createCannedModule(deps: { db: Knex; guards: CannedGuards }) {
  const service = createCannedService({ db: deps.db, canned: createCannedRepository(deps.db) });
  return {
    service,
    router: createCannedRouter({ canned: service, guards: deps.guards }),
    registerOpenApi: registerCannedDocs,
  };
}
