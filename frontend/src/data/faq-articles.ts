/** The FAQ articles Parley ships with (packages/faq-content), for screens that show them without the API. */
export { DEFAULT_FAQ_ARTICLES, type DefaultFaqArticle } from "@parley/faq-content";
