/**
 * Typed fetchers for /api/faq: reading and searching articles, votes, deflection events, and the admin
 * editor and stats. This browser's anonymous voter id and its last votes live in localStorage.
 */
import {
  faqArticleListSchema,
  faqArticleSchema,
  faqFeedbackResultSchema,
  faqStatsSchema,
  type FaqArticleBody,
  type FaqArticlePatch,
  type FaqEventBody,
  type FaqViewerAudience,
} from "@parley/contract";
import { request, requestNoContent } from "../../../services/api/client";
import { newId } from "../../../lib/ids";

export async function listFaq(
  params: { audience?: FaqViewerAudience; q?: string; includeUnpublished?: boolean } = {},
  signal?: AbortSignal,
) {
  const res = await request(faqArticleListSchema, "/api/faq", {
    query: {
      audience: params.audience,
      q: params.q?.trim() || undefined,
      includeUnpublished: params.includeUnpublished ? "true" : undefined,
    },
    signal,
  });
  return res.items;
}

export async function suggestFaq(q: string, signal?: AbortSignal) {
  const res = await request(faqArticleListSchema, "/api/faq/suggest", { query: { q }, signal });
  return res.items;
}

// --- votes -----------------------------------------------------------------------------------------

const VOTER_KEY = "parley.faq.voter";
const VOTES_KEY = "parley.faq.votes";

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // private modes that forbid storage
  }
}

/**
 * This browser's anonymous voter id (one counted vote per browser per article), or undefined when the
 * browser keeps nothing (storage off or full): a fresh id per vote would count every vote, so none is sent
 * and the server counts the client instead (docs/faq.md, "Votes").
 */
function browserVoterId(): string | undefined {
  const store = storage();
  const existing = store?.getItem(VOTER_KEY);
  if (existing && /^[0-9a-f-]{36}$/i.test(existing)) return existing;
  const id = newId();
  try {
    store?.setItem(VOTER_KEY, id);
  } catch {
    return undefined;
  }
  return store?.getItem(VOTER_KEY) === id ? id : undefined;
}

function readVotes(): Record<string, boolean> {
  try {
    return JSON.parse(storage()?.getItem(VOTES_KEY) ?? "{}") as Record<string, boolean>;
  } catch {
    return {};
  }
}

/** The vote this browser last gave an article, to show it again. */
export function myVote(articleId: string): boolean | undefined {
  return readVotes()[articleId];
}

export async function sendFeedback(articleId: string, helpful: boolean) {
  const voterId = browserVoterId();
  const res = await request(faqFeedbackResultSchema, `/api/faq/${encodeURIComponent(articleId)}/feedback`, {
    method: "POST",
    body: voterId ? { helpful, voterId } : { helpful },
  });
  try {
    storage()?.setItem(VOTES_KEY, JSON.stringify({ ...readVotes(), [articleId]: helpful }));
  } catch {
    // Storage full or off: the vote counted; only showing it again on the next visit is lost.
  }
  return res;
}

// --- deflection events -----------------------------------------------------------------------------

/** Records a deflection event; failures are swallowed (measuring must never break the page). */
export async function reportFaqEvent(event: FaqEventBody): Promise<void> {
  try {
    await requestNoContent("/api/faq/events", { method: "POST", body: event });
  } catch {
    // best effort
  }
}

// --- admin -----------------------------------------------------------------------------------------

export const createFaqArticle = (input: FaqArticleBody) =>
  request(faqArticleSchema, "/api/faq", { method: "POST", body: input });

export const updateFaqArticle = (id: string, changes: FaqArticlePatch) =>
  request(faqArticleSchema, `/api/faq/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });

export const deleteFaqArticle = (id: string) =>
  requestNoContent(`/api/faq/${encodeURIComponent(id)}`, { method: "DELETE" });

/** Positions 0..n-1 in this order. */
export const reorderFaqArticles = (ids: string[]) =>
  requestNoContent("/api/faq/reorder", { method: "POST", body: { ids } });

export const fetchFaqStats = (since?: string, signal?: AbortSignal) =>
  request(faqStatsSchema, "/api/faq/stats", { query: { since }, signal });
