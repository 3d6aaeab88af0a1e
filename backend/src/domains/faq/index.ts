import type { Knex } from "knex";
import { z } from "zod";
import defaultArticles from "../../../../frontend/src/data/faq-articles.json";
import { FAQ_AUDIENCES } from "./domain/article";
import { createFaqRepository } from "./repository/faq.repository";
import { createFaqService } from "./service/faq.service";
import { createFaqRouter, type FaqGuards } from "./controller/faq.controller";
import { registerFaqDocs } from "./controller/faq.openapi";

const DefaultArticles = z.array(
  z.object({
    audience: z.enum(FAQ_AUDIENCES),
    category: z.string().min(1).max(64),
    question: z.string().min(1).max(300),
    answer: z.string().min(1),
  }),
);

/** Composition root of the FAQ domain: articles, search, votes and deflection. */
export function createFaqModule(deps: { db: Knex; guards: FaqGuards }) {
  const articles = createFaqRepository(deps.db);
  const service = createFaqService({ articles });
  return {
    service,
    router: createFaqRouter({ faq: service, guards: deps.guards }),
    registerOpenApi: registerFaqDocs,
    /** Loads frontend/src/data/faq-articles.json once per database (main.ts calls it after migrating). */
    seedDefaults(): Promise<number> {
      return service.seedDefaults(DefaultArticles.parse(defaultArticles));
    },
  };
}

export type FaqModule = ReturnType<typeof createFaqModule>;
