import type { Knex } from "knex";
import type { Principal } from "../../../shared/principal";
import type { Shop, User, UserWithPassword } from "../domain/user";

type UserRow = {
  id: string;
  role: "shop" | "admin";
  shop_id: string | null;
  name: string | null;
  email: string | null;
  password_hash: string | null;
};

const toUser = (r: UserRow): UserWithPassword => ({
  id: r.id,
  role: r.role,
  shopId: r.shop_id,
  name: r.name,
  email: r.email,
  passwordHash: r.password_hash,
});

export function createUserRepository(db: Knex) {
  return {
    /** Records the user (and its shop) a verified token names; keeps an existing name if the token has none. */
    async upsertFromPrincipal(p: Principal): Promise<void> {
      await db.transaction(async (trx) => {
        if (p.shopId) {
          await trx("shops").insert({ id: p.shopId }).onConflict("id").ignore();
        }
        await trx("users")
          .insert({ id: p.userId, role: p.role, shop_id: p.shopId, name: p.name })
          .onConflict("id")
          .merge({
            role: p.role,
            shop_id: p.shopId,
            name: trx.raw("COALESCE(excluded.name, users.name)"),
          });
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
      const { passwordHash: _omit, ...user } = toUser(row);
      return user;
    },

    async listAdmins(): Promise<User[]> {
      const rows = await db<UserRow>("users")
        .where({ role: "admin" })
        .orderBy([{ column: "name" }, { column: "id" }]);
      return rows.map((r) => {
        const { passwordHash: _omit, ...user } = toUser(r);
        return user;
      });
    },

    async listShops(): Promise<Shop[]> {
      return db("shops")
        .select("id", "name")
        .orderBy([{ column: "name" }, { column: "id" }]);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
