import type { Knex } from "knex";
import { DEFAULT_FAQ_ARTICLES } from "@parley/faq-content";
import { createFaqRepository } from "./repository/faq.repository";
import { createFaqService, type FaqService } from "./service/faq.service";
import { createFaqRouter, type FaqGuards } from "./controller/faq.controller";
import { registerFaqDocs } from "./controller/faq.openapi";

/** Composition root of the FAQ domain: articles, search, votes and deflection. */
export function createFaqModule(deps: {
  db: Knex;
  guards: FaqGuards;
  /** An HMAC under the server secret: anonymous voters are stored as this hash, never as an address. */
  mac: (data: string) => string;
}) {
  const articles = createFaqRepository(deps.db);
  const service = createFaqService({ articles });
  return {
    service,
    router: createFaqRouter({ faq: service, guards: deps.guards, anonymousVoterId: deps.mac }),
    registerOpenApi: registerFaqDocs,
    /** Loads the default articles (packages/faq-content) once per database (main.ts calls it after migrating). */
    seedDefaults: () => seedDefaultArticles(service),
  };
}

export type FaqModule = ReturnType<typeof createFaqModule>;

const seedDefaultArticles = (service: FaqService) => service.seedDefaults([...DEFAULT_FAQ_ARTICLES]);

/**
 * The same, without a server: the benchmark's seeding writes them as a deployed server's first start did,
 * so the servers it measures start as every later start does (without rendering Markdown).
 */
export const seedFaqDefaults = (db: Knex) =>
  seedDefaultArticles(createFaqService({ articles: createFaqRepository(db) }));
