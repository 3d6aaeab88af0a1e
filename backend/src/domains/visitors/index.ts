import type { Knex } from "knex";
import type { VisitorAvailability } from "@parley/contract";
import { createVisitorRepository } from "./repository/visitor.repository";
import { createVisitorService, type VisitorServiceDeps } from "./service/visitor.service";
import {
  createVisitorRouter,
  createVisitorUploadGuard,
  type VisitorGuards,
} from "./controller/visitor.controller";
import { registerVisitorDocs } from "./controller/visitor.openapi";

/** Composition root of the visitors domain: anonymous website visitors' sessions and conversations. */
export function createVisitorsModule(
  deps: Omit<VisitorServiceDeps, "sessions"> & {
    db: Knex;
    guards: VisitorGuards;
    /** What the widget says when nobody is online. */
    hoursText: string;
    /** The upload limit, which the widget applies before it sends a file. */
    uploadMaxBytes: number;
  },
) {
  const sessions = createVisitorRepository(deps.db);
  const service = createVisitorService({ ...deps, sessions });
  // Until the socket server exists nobody can be online.
  let adminsOnline: () => Promise<boolean> = () => Promise.resolve(false);
  const availability = async (): Promise<VisitorAvailability> => ({
    online: await adminsOnline(),
    hoursText: deps.hoursText,
    uploadMaxBytes: deps.uploadMaxBytes,
  });
  return {
    service,
    router: createVisitorRouter({ visitors: service, guards: deps.guards, availability }),
    /** For POST /api/uploads with a visitor token (the attachments domain's route; modules.ts wires it). */
    uploadGuard: createVisitorUploadGuard({ visitors: service, guards: deps.guards }),
    registerOpenApi: registerVisitorDocs,
    /** Whether an admin has a socket open (the realtime layer answers, across processes with PostgreSQL). */
    setAdminsOnline(check: () => Promise<boolean>) {
      adminsOnline = check;
    },
  };
}

export type VisitorsModule = ReturnType<typeof createVisitorsModule>;
