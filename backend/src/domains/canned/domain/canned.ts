import { uuid } from "@parley/contract";

/** A saved reply as the domain sees it. */
export type CannedResponse = {
  id: string;
  title: string;
  body: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const cannedResponseId = uuid();

/** Saved replies have UUID ids: anything else names none (404), and never reaches the uuid column. */
export const isCannedResponseId = (id: string): boolean => cannedResponseId.safeParse(id).success;
