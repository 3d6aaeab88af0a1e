/** A saved reply as the domain sees it. */
export type CannedResponse = {
  id: string;
  title: string;
  body: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};
