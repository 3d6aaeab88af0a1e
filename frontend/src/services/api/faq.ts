/**
 * Typed fetchers for /api/faq: reading and searching articles, votes, deflection events (fire and
 * forget: they must never get in the user's way), and the admin editor and stats.
 */
import { apiFetch } from "./client";
import { newId } from "../../lib/ids";

export const FAQ_AUDIENCES = ["shop", "customer", "both"] as const;
export type FaqAudience = (typeof FAQ_AUDIENCES)[number];
export type FaqReader = "shop" | "customer";

export type FaqArticle = {
  id: string;
  audience: FaqAudience;
  category: string;
  question: string;
  /** Markdown source. */
  answer: string;
  /** Rendered and sanitised on the server: safe to insert as HTML. */
  answerHtml: string;
  position: number;
  published: boolean;
  helpful: number;
  notHelpful: number;
  createdAt: string;
  updatedAt: string;
};

export type FaqArticleInput = {
  audience: FaqAudience;
  category: string;
  question: string;
  answer: string;
  published?: boolean;
};

export type FaqStats = {
  since: string | null;
  deflection: { sessions: number; deflected: number; filed: number; rate: number; definition: string };
  zeroResultSearches: Array<{ query: string; count: number; lastSearchedAt: string }>;
  leastHelpful: Array<{
    id: string;
    question: string;
    audience: FaqAudience;
    published: boolean;
    helpful: number;
    notHelpful: number;
  }>;
};

type Items<T> = { items: T[] };

export async function listFaq(
  params: { audience?: FaqReader; q?: string; includeUnpublished?: boolean } = {},
  signal?: AbortSignal,
): Promise<FaqArticle[]> {
  const res = await apiFetch<Items<FaqArticle>>("/api/faq", {
    query: {
      audience: params.audience,
      q: params.q?.trim() || undefined,
      includeUnpublished: params.includeUnpublished ? "true" : undefined,
    },
    signal,
  });
  return res.items;
}

export async function suggestFaq(q: string, signal?: AbortSignal): Promise<FaqArticle[]> {
  const res = await apiFetch<Items<FaqArticle>>("/api/faq/suggest", { query: { q }, signal });
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

/** This browser's anonymous voter id (one counted vote per browser per article). */
export function browserVoterId(): string {
  const store = storage();
  const existing = store?.getItem(VOTER_KEY);
  if (existing && /^[0-9a-f-]{36}$/i.test(existing)) return existing;
  const id = newId();
  store?.setItem(VOTER_KEY, id);
  return id;
}

/** The vote this browser last gave an article, to show it again. */
export function myVote(articleId: string): boolean | undefined {
  try {
    const votes = JSON.parse(storage()?.getItem(VOTES_KEY) ?? "{}") as Record<string, boolean>;
    return votes[articleId];
  } catch {
    return undefined;
  }
}

function rememberVote(articleId: string, helpful: boolean) {
  const store = storage();
  if (!store) return;
  let votes: Record<string, boolean> = {};
  try {
    votes = JSON.parse(store.getItem(VOTES_KEY) ?? "{}");
  } catch {
    // start over
  }
  votes[articleId] = helpful;
  store.setItem(VOTES_KEY, JSON.stringify(votes));
}

export async function sendFeedback(
  articleId: string,
  helpful: boolean,
): Promise<{ id: string; helpful: number; notHelpful: number; vote: boolean }> {
  const res = await apiFetch<{ id: string; helpful: number; notHelpful: number; vote: boolean }>(
    `/api/faq/${encodeURIComponent(articleId)}/feedback`,
    { method: "POST", body: { helpful, voterId: browserVoterId() } },
  );
  rememberVote(articleId, helpful);
  return res;
}

// --- deflection events -----------------------------------------------------------------------------

export type FaqEvent = {
  type: "suggestions_shown" | "article_opened" | "ticket_filed" | "search";
  sessionId: string;
  articleIds?: string[];
  query?: string;
  resultCount?: number;
};

/** Records a deflection event; failures are swallowed (measuring must never break the page). */
export async function reportFaqEvent(event: FaqEvent): Promise<void> {
  try {
    await apiFetch<void>("/api/faq/events", { method: "POST", body: event });
  } catch {
    // best effort
  }
}

/** The shop filed the ticket after this form session (deflection did not happen). */
export async function reportTicketFiled(deflectionSessionId: string): Promise<void> {
  await reportFaqEvent({ type: "ticket_filed", sessionId: deflectionSessionId });
}

// --- admin -----------------------------------------------------------------------------------------

export function createFaqArticle(input: FaqArticleInput): Promise<FaqArticle> {
  return apiFetch<FaqArticle>("/api/faq", { method: "POST", body: input });
}

export function updateFaqArticle(id: string, changes: Partial<FaqArticleInput>): Promise<FaqArticle> {
  return apiFetch<FaqArticle>(`/api/faq/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
}

export function deleteFaqArticle(id: string): Promise<void> {
  return apiFetch<void>(`/api/faq/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Positions 0..n-1 in this order. */
export function reorderFaqArticles(ids: string[]): Promise<void> {
  return apiFetch<void>("/api/faq/reorder", { method: "POST", body: { ids } });
}

export function fetchFaqStats(since?: string, signal?: AbortSignal): Promise<FaqStats> {
  return apiFetch<FaqStats>("/api/faq/stats", { query: { since }, signal });
}
