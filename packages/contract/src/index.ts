/**
 * @parley/contract: the public contract of Parley, defined once. The backend validates requests and
 * generates OpenAPI from these schemas; the frontend parses responses with them and shares the rules.
 */
export * from "./common";
export * from "./identity";
export * from "./tickets";
export * from "./attachments";
export * from "./faq";
export * from "./analytics";
export * from "./socket";
export * from "./catch-up";
export * from "./embed";
export * from "./visitor";
export * from "./canned-responses";
export * from "./notifications";
export * from "./tags";
export * from "./team";
