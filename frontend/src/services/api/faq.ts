// STUB owned by the FAQ work (issue 6): typed FAQ fetchers.

/** The shop filed the ticket after this form session (deflection did not happen). */
export async function reportTicketFiled(_deflectionSessionId: string): Promise<void> {}
