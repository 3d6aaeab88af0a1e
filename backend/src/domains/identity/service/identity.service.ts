import bcrypt from "bcryptjs";
import { toPrincipal, type Principal } from "../../../shared/principal";
import { UnauthenticatedError } from "../../../shared/app-error";
import type { TokenService } from "../../../platform/auth/token";
import { normalizeEmail, type Shop, type User } from "../domain/user";
import type { UserRepository } from "../repository/user.repository";

export type DemoAccount = { email: string; password: string; role: "admin" | "shop"; name: string };

const DEMO_PASSWORD = "parley-demo";
const DEMO_USERS: Array<DemoAccount & { id: string; shopId: string | null; shopName?: string }> = [
  {
    id: "demo-admin",
    email: "admin@parley.local",
    password: DEMO_PASSWORD,
    role: "admin",
    name: "Ada Admin",
    shopId: null,
  },
  {
    id: "demo-acme",
    email: "acme@parley.local",
    password: DEMO_PASSWORD,
    role: "shop",
    name: "Sam (Acme Outfitters)",
    shopId: "shop-acme",
    shopName: "Acme Outfitters",
  },
  {
    id: "demo-bolt",
    email: "bolt@parley.local",
    password: DEMO_PASSWORD,
    role: "shop",
    name: "Kim (Bolt Bikes)",
    shopId: "shop-bolt",
    shopName: "Bolt Bikes",
  },
];

// Compared against when the email is unknown, so a miss costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", 10);
const SEEN_CACHE_LIMIT = 10_000;

export function createIdentityService(deps: { users: UserRepository; tokens: TokenService }) {
  const { users, tokens } = deps;
  // Tokens repeat on every request; write the user row only when what the token says changes.
  const seen = new Map<string, string>();

  return {
    async recordIdentity(p: Principal): Promise<void> {
      const fingerprint = `${p.role}\u0000${p.shopId ?? ""}\u0000${p.name ?? ""}`;
      if (seen.get(p.userId) === fingerprint) return;
      await users.upsertFromPrincipal(p);
      if (seen.size >= SEEN_CACHE_LIMIT) seen.delete(seen.keys().next().value as string);
      seen.set(p.userId, fingerprint);
    },

    async login(email: string, password: string): Promise<{ token: string; user: User }> {
      const user = await users.findByEmail(normalizeEmail(email));
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.passwordHash || !ok) {
        throw new UnauthenticatedError("The email or password is incorrect.");
      }
      const { passwordHash: _omit, ...publicUser } = user;
      const token = tokens.sign(
        toPrincipal({ userId: user.id, role: user.role, shopId: user.shopId, name: user.name }),
      );
      return { token, user: publicUser };
    },

    async createLocalUser(input: {
      id: string;
      email: string;
      password: string;
      role: "admin" | "shop";
      name: string;
      shopId: string | null;
      shopName?: string;
    }): Promise<void> {
      const passwordHash = await bcrypt.hash(input.password, 10);
      await users.insertLocalUser(
        {
          id: input.id,
          role: input.role,
          shopId: input.shopId,
          name: input.name,
          email: normalizeEmail(input.email),
          passwordHash,
        },
        input.shopName,
      );
    },

    /** Development only: one admin and two shops with a user each. Idempotent. */
    async seedDemoUsers(): Promise<DemoAccount[]> {
      for (const u of DEMO_USERS) {
        if (await users.findByEmail(u.email)) continue;
        await this.createLocalUser(u);
      }
      return DEMO_USERS.map(({ email, password, role, name }) => ({ email, password, role, name }));
    },

    listAdmins: (): Promise<User[]> => users.listAdmins(),
    listShops: (): Promise<Shop[]> => users.listShops(),
    findUser: (id: string): Promise<User | undefined> => users.findById(id),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
