import type { Knex } from "knex";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { PASSWORD_MAX_BYTES } from "@parley/contract";
import { toPrincipal, type Principal } from "../../../shared/principal";
import { ConflictError, NotFoundError, UnauthenticatedError } from "../../../shared/app-error";
import type { TokenService } from "../../../platform/auth/token";
import { SharedReads } from "../../../platform/shared-reads";
import { normalizeEmail, type AdminAccount, type Shop, type User } from "../domain/user";
import type { UserRepository } from "../repository/user.repository";

export type DemoAccount = {
  email: string;
  password: string;
  role: "admin" | "shop";
  name: string;
  /** The user id and shop (the demo ticket history files tickets as them). */
  id?: string;
  shopId?: string | null;
};

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

// Compared against when the email is unknown, so a miss costs as long as a wrong password. A fixed hash
// (of "not-a-real-password", cost 10 like every stored one): hashing it at load blocked every start, and
// every test file, for about 0.1 s.
const DUMMY_HASH = "$2b$10$Oflrcjx25834kGSGniSXtuWEdAqrexcIBkb/OZsxgsVW/rJjroQ3C";
const SEEN_CACHE_LIMIT = 10_000;
/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function createIdentityService(deps: {
  users: UserRepository;
  tokens: TokenService;
  /**
   * Told when a token says something new about its user (first sight, or another role, shop, name, shop
   * name or email): the notifications domain records where this user's alerts go, so an admin who only
   * ever reads the queue is still emailed.
   */
  onIdentityChanged?: (p: Principal) => Promise<void>;
}) {
  const { users, tokens } = deps;
  // Tokens repeat on every request; write the user row only when what the token says changes. A shop
  // token that matches is then accepted without reading the row, so whatever makes the row refuse it
  // (a deactivation) must make every process forget the user: see forget().
  const seen = new Map<string, string>();
  // Bumped by every forget: a row write begun before one must not cache what the forget removed.
  let forgets = 0;
  let tellOthersToForget: ((userId: string) => void) | undefined;
  const activity = new SharedReads<boolean>();

  /** This process's next request from the user writes the users row again, and so checks it. */
  const forget = (userId: string): void => {
    seen.delete(userId);
    forgets += 1;
  };

  return {
    async recordIdentity(p: Principal): Promise<void> {
      const shopName = p.role === "shop" ? (p.shopName ?? "") : "";
      const fingerprint = [p.role, p.shopId ?? "", p.name ?? "", shopName, p.email ?? ""].join("\u0000");
      if (seen.get(p.userId) !== fingerprint) {
        const forgetsBefore = forgets;
        if (!(await users.upsertFromPrincipal(p))) {
          throw new UnauthenticatedError(
            "This token's role or shop does not match the Parley account with its user id.",
          );
        }
        await deps.onIdentityChanged?.(p);
        // A forget that arrived meanwhile may be a deactivation committed after the write above read the
        // row: remembering this token now would accept it from then on without a look at the row.
        if (forgets === forgetsBefore) {
          if (seen.size >= SEEN_CACHE_LIMIT) seen.delete(seen.keys().next().value as string);
          seen.set(p.userId, fingerprint);
        }
      }
      // Asked on every request, not cached: a deactivation must take effect at once in every process.
      // Shared by one admin's overlapping requests, each answered by a read begun after it arrived.
      if (p.role === "admin" && !(await activity.read(p.userId, () => users.isActive(p.userId)))) {
        throw new UnauthenticatedError("This account has been deactivated.");
      }
    },

    async login(email: string, password: string): Promise<{ token: string; user: User }> {
      const user = await users.findByEmail(normalizeEmail(email));
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
      // bcrypt compares only the first 72 bytes, so the set password followed by anything would match.
      // No password longer than that can be set (PASSWORD_MAX_BYTES): a longer one is simply wrong, and
      // still pays the comparison above, so its answer takes as long as any other wrong password's.
      const fits = Buffer.byteLength(password, "utf8") <= PASSWORD_MAX_BYTES;
      if (!user || !user.passwordHash || !ok || !fits || !user.active) {
        throw new UnauthenticatedError("The email or password is incorrect.");
      }
      const { passwordHash: _omit, active: _active, ...publicUser } = user;
      // The email claim is where alerts go (CONTRACT.md, identity): a Parley account's own address, so a
      // shop that signs in here is emailed about unread replies as a host's shop token would be.
      const token = tokens.sign(
        toPrincipal({
          userId: user.id,
          role: user.role,
          shopId: user.shopId,
          name: user.name,
          email: user.email,
        }),
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
      return DEMO_USERS.map(({ id, shopId, email, password, role, name }) => ({
        id,
        shopId,
        email,
        password,
        role,
        name,
      }));
    },

    /** The shop's name as recorded by identity (null when only its id is known), read on `q`. */
    shopName: (q: Knex, shopId: string): Promise<string | null> => users.shopName(q, shopId),
    /** The same name as an SQL expression, for another domain's single write statement. */
    shopNameSql: (shopId: string) => users.shopNameSql(shopId),
    listAdminAccounts: (): Promise<AdminAccount[]> => users.listAdminAccounts(),
    isActive: (userId: string): Promise<boolean> => users.isActive(userId),

    /**
     * A Parley-managed admin. With a password they sign in at once; without, they get a one-time invite
     * token (returned once, stored hashed) to set their own.
     */
    async createAdmin(input: {
      email: string;
      name: string;
      password?: string;
    }): Promise<{ admin: AdminAccount; inviteToken: string | null }> {
      const inviteToken = input.password ? null : randomBytes(24).toString("base64url");
      const id = `admin-${randomUUID()}`;
      const inserted = await users.insertAdmin({
        id,
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash: input.password ? await bcrypt.hash(input.password, 10) : null,
        inviteTokenHash: inviteToken ? sha256(inviteToken) : null,
        inviteExpiresAt: inviteToken ? new Date(Date.now() + INVITE_TTL_MS) : null,
      });
      if (!inserted) {
        throw new ConflictError("A user with this email already exists.", [
          { path: "email", message: "already taken" },
        ]);
      }
      const admin = await users.findAdminAccount(id);
      if (!admin) throw new Error("created admin vanished");
      return { admin, inviteToken };
    },

    /** Deactivating the last active admin is refused (409): nobody could manage the team any more. */
    /** `actorId`: the admin making the change, who may not deactivate themselves (nobody could undo it). */
    async setAdminActive(id: string, active: boolean, actorId: string): Promise<AdminAccount> {
      if (!active && id === actorId) {
        throw new ConflictError("You cannot deactivate your own account; another admin can.", [
          { path: "active", message: "an admin cannot deactivate themselves" },
        ]);
      }
      const result = await users.setAdminActive(id, active);
      if (result.kind === "not_found") throw new NotFoundError("Admin");
      if (result.kind === "last_admin") {
        throw new ConflictError("The last active admin cannot be deactivated.", [
          { path: "active", message: "at least one admin must stay active" },
        ]);
      }
      // Committed: a host may give this id a shop token too, and a process that remembers that token
      // accepts it without reading the row. This process forgets at once; the others when the message
      // reaches them (a NOTIFY, normally milliseconds): a shop request they answer before it arrives may
      // still pass, but none after it, which writes the row again and is refused. Reactivating forgets
      // too: harmless, the user's next request writes the row once.
      forget(id);
      tellOthersToForget?.(id);
      return result.admin;
    },

    /**
     * Which of these users' accounts are deactivated, in one query: the periodic re-check of connected
     * sockets (platform/realtime.ts) for a deactivation whose message to this process was lost. This
     * process forgets them too, as that message would have made it (a shop token with the same id would
     * otherwise still pass without a look at the row).
     */
    async deactivatedAmong(userIds: readonly string[]): Promise<string[]> {
      const deactivated = await users.deactivatedAmong(userIds);
      for (const id of deactivated) forget(id);
      return deactivated;
    },
    forget,
    /**
     * Forgets every user: the other processes' messages are not durable, and one missed while this
     * process was not listening may have been a deactivation.
     */
    forgetAll(): void {
      seen.clear();
      forgets += 1;
    },
    /** How a deactivation reaches the other server processes (server.ts; none with the embedded database). */
    attachPeers(link: { tellOthersToForget(userId: string): void }): void {
      tellOthersToForget = (userId) => link.tellOthersToForget(userId);
    },

    /**
     * A new invite link for an admin invited by Parley who has not set a password (the link expired or was
     * lost, or a deactivation burnt it): the old link stops working. 404 for no such admin, 409 for one who
     * is deactivated or signs in already (with a password, or through the host).
     */
    async renewInvite(id: string): Promise<{ admin: AdminAccount; inviteToken: string }> {
      const inviteToken = randomBytes(24).toString("base64url");
      const renewed = await users.renewInvite(id, sha256(inviteToken), new Date(Date.now() + INVITE_TTL_MS));
      const admin = await users.findAdminAccount(id);
      if (!admin) throw new NotFoundError("Admin");
      if (!renewed) {
        throw new ConflictError(
          admin.active
            ? "This admin signs in already: only an admin invited by Parley who has not set a password gets a new invite."
            : "This admin is deactivated: reactivate them first.",
          [{ path: "id", message: admin.active ? "not awaiting an invite" : "deactivated" }],
        );
      }
      return { admin, inviteToken };
    },

    async findInvite(token: string): Promise<AdminAccount | undefined> {
      return users.findByInvite(sha256(token));
    },

    /** The invitee sets a password; the link then stops working. Signs them in. */
    async acceptInvite(token: string, password: string): Promise<{ token: string; user: User }> {
      // Looked up before the (deliberately slow) hash: an unknown token costs a query, not 80 ms of CPU.
      if (!(await users.findByInvite(sha256(token)))) throw new NotFoundError("Invite");
      const user = await users.acceptInvite(sha256(token), await bcrypt.hash(password, 10));
      if (!user) throw new NotFoundError("Invite");
      const { passwordHash: _omit, active: _active, ...publicUser } = user;
      return {
        token: tokens.sign(
          toPrincipal({ userId: user.id, role: user.role, shopId: null, name: user.name, email: user.email }),
        ),
        user: publicUser,
      };
    },
    listShops: (): Promise<Shop[]> => users.listShops(),
    /**
     * The shop a user acts for, by name, for the web app's header: the token's `shopName` claim when it
     * carries one (a host's token says it on every request), else the name recorded for the shop.
     */
    async shopNameFor(p: Principal): Promise<string | null> {
      if (p.role !== "shop") return null;
      return p.shopName ?? users.shopNameOf(p.shopId);
    },
    /** A signed-in account's shop name (login and invites answer with the user). */
    shopNameOfUser: (u: User): Promise<string | null> =>
      u.shopId ? users.shopNameOf(u.shopId) : Promise.resolve(null),
    findUser: (id: string): Promise<User | undefined> => users.findById(id),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
