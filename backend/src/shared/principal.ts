/** Who is calling: taken from a verified token, never from the request body. */
export type Role = "shop" | "admin";

export type Principal = {
  userId: string;
  role: Role;
  /** Set for shop users only: the one shop whose tickets they may see. */
  shopId: string | null;
  name: string | null;
};
