import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { VISITOR_SHOP_PREFIX } from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { createStatementNamer } from "../../../platform/named-statements";
import type { AdminAccount, Shop, User, UserWithPassword } from "../domain/user";

type UserRow = {
  id: string;
  role: "shop" | "admin";
  shop_id: string | null;
  name: string | null;
  email: string | null;
  password_hash: string | null;
  active: boolean;
  invite_token_hash: string | null;
  invite_expires_at: Date | null;
};

const IS_ACTIVE_SQL = "SELECT active FROM users WHERE id = ?";
const named = createStatementNamer("parley_user");

const toUser = (r: UserRow): UserWithPassword => ({
  id: r.id,
  role: r.role,
  shopId: r.shop_id,
  name: r.name,
  email: r.email,
  passwordHash: r.password_hash,
  active: r.active,
});

const toAdminAccount = (r: UserRow): AdminAccount => ({
  id: r.id,
  role: r.role,
  shopId: r.shop_id,
  name: r.name,
  email: r.email,
  active: r.active,
  invited: r.invite_token_hash !== null,
});

export function createUserRepository(db: Knex) {
  return {
    /**
     * Records the token's user (and shop); keeps an existing name if the token has none. False when the
     * token contradicts the role or shop of one of Parley's own accounts (a password or a pending invite)
     * or of a deactivated one: such a row is managed here, not by tokens, and is left unchanged.
     */
    async upsertFromPrincipal(p: Principal): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (p.shopId) {
          // A token's shopName claim names the shop (the latest wins); without it the name is kept.
          const named = p.role === "shop" && p.shopName;
          const insert = trx("shops")
            .insert({ id: p.shopId, name: named ? p.shopName : null })
            .onConflict("id");
          await (named ? insert.merge(["name"]) : insert.ignore());
        }
        const written = await trx("users")
          .insert({ id: p.userId, role: p.role, shop_id: p.shopId, name: p.name })
          .onConflict("id")
          .merge({
            role: p.role,
            shop_id: p.shopId,
            name: trx.raw("COALESCE(excluded.name, users.name)"),
          })
          // Another role or shop only for a row the host alone manages and that is in use: never for a
          // Parley account (a password, or an invite pending) nor a deactivated one, which stays as it is
          // whatever token names it (docs/team.md).
          .whereRaw(
            `(users.role = ? AND users.shop_id IS NOT DISTINCT FROM ?)
             OR (users.password_hash IS NULL AND users.invite_token_hash IS NULL AND users.active)`,
            [p.role, p.shopId ?? null],
          )
          .returning("id");
        return written.length > 0;
      });
    },

    async insertLocalUser(u: User & { passwordHash: string }, shopName?: string): Promise<void> {
      await db.transaction(async (trx) => {
        if (u.shopId) {
          await trx("shops")
            .insert({ id: u.shopId, name: shopName ?? null })
            .onConflict("id")
            .merge(["name"]);
        }
        await trx("users")
          .insert({
            id: u.id,
            role: u.role,
            shop_id: u.shopId,
            name: u.name,
            email: u.email,
            password_hash: u.passwordHash,
          })
          .onConflict("id")
          .ignore();
      });
    },

    async findByEmail(email: string): Promise<UserWithPassword | undefined> {
      const row = await db<UserRow>("users").whereRaw("lower(email) = ?", [email]).first();
      return row ? toUser(row) : undefined;
    },

    async findById(id: string): Promise<User | undefined> {
      const row = await db<UserRow>("users").where({ id }).first();
      if (!row) return undefined;
      const { passwordHash: _omit, active: _active, ...user } = toUser(row);
      return user;
    },

    /** Whether the user may act: false only for a deactivated account (unknown ids are active). */
    async isActive(id: string): Promise<boolean> {
      // Asked on every admin request: one fixed text, a named statement (planned once per connection).
      const { rows } = await db
        .raw<{ rows: Array<{ active: boolean }> }>(IS_ACTIVE_SQL, [id])
        .options(named(IS_ACTIVE_SQL));
      return rows[0]?.active ?? true;
    },

    /**
     * Which of these users are deactivated, in one statement however many there are (one process may hold
     * thousands of sockets): one array parameter, not one placeholder per id. Unknown ids are active.
     */
    async deactivatedAmong(ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.raw<{ rows: Array<{ id: string }> }>(
        "SELECT id FROM users WHERE id = ANY(?::varchar[]) AND NOT active",
        [[...ids]],
      );
      return rows.map((r) => r.id);
    },

    async listAdminAccounts(): Promise<AdminAccount[]> {
      const rows = await db<UserRow>("users")
        .where({ role: "admin" })
        .orderBy([{ column: "name" }, { column: "id" }]);
      return rows.map(toAdminAccount);
    },

    async findAdminAccount(id: string): Promise<AdminAccount | undefined> {
      const row = await db<UserRow>("users").where({ id, role: "admin" }).first();
      return row ? toAdminAccount(row) : undefined;
    },

    /** Inserts a Parley-managed admin; false when the email is taken (the unique index decides). */
    async insertAdmin(a: {
      id: string;
      email: string;
      name: string;
      passwordHash: string | null;
      inviteTokenHash: string | null;
      inviteExpiresAt: Date | null;
    }): Promise<boolean> {
      const rows = await db("users")
        .insert({
          id: a.id,
          role: "admin",
          shop_id: null,
          name: a.name,
          email: a.email,
          password_hash: a.passwordHash,
          invite_token_hash: a.inviteTokenHash,
          invite_expires_at: a.inviteExpiresAt,
        })
        .onConflict(db.raw("(lower(email)) WHERE email IS NOT NULL"))
        .ignore()
        .returning("id");
      return rows.length === 1;
    },

    /**
     * Activates or deactivates an admin. Every active admin row is locked first, so two concurrent
     * deactivations cannot both see another active admin and leave the team with none.
     */
    async setAdminActive(
      id: string,
      active: boolean,
    ): Promise<{ kind: "ok"; admin: AdminAccount } | { kind: "not_found" } | { kind: "last_admin" }> {
      return db.transaction(async (trx) => {
        const actives = await trx<UserRow>("users")
          .select("id")
          .where({ role: "admin", active: true })
          .orderBy("id")
          .forUpdate();
        const target = await trx<UserRow>("users").where({ id, role: "admin" }).forUpdate().first();
        if (!target) return { kind: "not_found" as const };
        if (!active && target.active && actives.length <= 1) return { kind: "last_admin" as const };
        const [row] = await trx<UserRow>("users")
          .update({
            active,
            deactivated_at: active ? null : trx.fn.now(),
            // Deactivation burns a pending invite's link for good (its hash becomes one no token has), so
            // reactivating does not revive it; the account still reads as invited, for a new link.
            ...(active
              ? {}
              : {
                  invite_token_hash: trx.raw("CASE WHEN invite_token_hash IS NULL THEN NULL ELSE ? END", [
                    randomBytes(32).toString("hex"),
                  ]),
                }),
          } as Partial<UserRow>)
          .where({ id })
          .returning("*");
        return { kind: "ok" as const, admin: toAdminAccount(row!) };
      });
    },

    /**
     * A new invite for an active Parley-managed admin who has no password yet (the link expired, was lost,
     * or was burnt by a deactivation): false when `id` is no such admin.
     */
    async renewInvite(id: string, tokenHash: string, expiresAt: Date): Promise<boolean> {
      const rows = await db<UserRow>("users")
        .update({ invite_token_hash: tokenHash, invite_expires_at: expiresAt })
        .where({ id, role: "admin", active: true })
        .whereNull("password_hash")
        .whereNotNull("invite_token_hash")
        .returning("id");
      return rows.length > 0;
    },

    /** Sets the password of the admin holding this unexpired invite and burns the invite. */
    async acceptInvite(tokenHash: string, passwordHash: string): Promise<UserWithPassword | undefined> {
      const [row] = await db<UserRow>("users")
        .update({ password_hash: passwordHash, invite_token_hash: null, invite_expires_at: null })
        .where({ invite_token_hash: tokenHash, active: true })
        .where("invite_expires_at", ">", db.fn.now())
        .returning("*");
      return row ? toUser(row) : undefined;
    },

    async findByInvite(tokenHash: string): Promise<AdminAccount | undefined> {
      const row = await db<UserRow>("users")
        .where({ invite_token_hash: tokenHash, active: true })
        .where("invite_expires_at", ">", db.fn.now())
        .first();
      return row ? toAdminAccount(row) : undefined;
    },

    /** A shop's display name, read on `q` (a caller's transaction: the embedded database has one connection). */
    /**
     * The shop's name as an SQL expression with its binding, for a caller's own statement (the message
     * post's single write names the shop in its outbox row without a round trip of its own).
     */
    shopNameSql(shopId: string): { sql: string; bindings: readonly unknown[] } {
      return { sql: "(SELECT name FROM shops WHERE id = ?)", bindings: [shopId] };
    },

    async shopName(q: Knex, shopId: string): Promise<string | null> {
      const row = await q("shops").where({ id: shopId }).first<{ name: string | null } | undefined>("name");
      return row?.name ?? null;
    },

    /** A shop's display name on the repository's own connection (null when only its id is known). */
    async shopNameOf(shopId: string): Promise<string | null> {
      const row = await db("shops").where({ id: shopId }).first<{ name: string | null } | undefined>("name");
      return row?.name ?? null;
    },

    /** The shops, without website visitors' pseudo-shops (one per visitor; the queue has a Source filter). */
    async listShops(): Promise<Shop[]> {
      return db("shops")
        .select("id", "name")
        .whereNot("id", "like", `${VISITOR_SHOP_PREFIX}%`)
        .orderBy([{ column: "name" }, { column: "id" }]);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
