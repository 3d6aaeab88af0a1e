import { z } from "zod";
import { FAQ_AUDIENCES, FAQ_ANSWER_MAX, FAQ_CATEGORY_MAX, FAQ_QUESTION_MAX } from "@parley/contract";
import articles from "./faq-articles.json";

/** A default article: what an admin would write, without position or publication state. */
export const defaultFaqArticleSchema = z.strictObject({
  audience: z.enum(FAQ_AUDIENCES),
  category: z.string().min(1).max(FAQ_CATEGORY_MAX),
  question: z.string().min(1).max(FAQ_QUESTION_MAX),
  answer: z.string().min(1).max(FAQ_ANSWER_MAX),
});
export type DefaultFaqArticle = z.infer<typeof defaultFaqArticleSchema>;

/** The articles a new database starts with, checked against the contract's limits when loaded. */
export const DEFAULT_FAQ_ARTICLES: readonly DefaultFaqArticle[] = z
  .array(defaultFaqArticleSchema)
  .parse(articles);
