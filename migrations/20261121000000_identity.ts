import type { Knex } from "knex";

/** Shops and users. Ids are the host platform's strings (token `sub` / `shopId`, up to 255 chars). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("shops", (t) => {
    t.string("id", 255).primary();
    t.string("name", 255);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable("users", (t) => {
    t.string("id", 255).primary();
    t.string("role", 16).notNullable();
    t.string("shop_id", 255).references("id").inTable("shops").onDelete("RESTRICT");
    t.string("name", 255);
    t.string("email", 320);
    t.string("password_hash", 255);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["shop_id"]);
    t.index(["role"]);
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('shop', 'admin'))`);
  await knex.raw(
    `ALTER TABLE users ADD CONSTRAINT users_shop_role_check CHECK ((role = 'shop') = (shop_id IS NOT NULL))`,
  );
  await knex.raw(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE email IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("users");
  await knex.schema.dropTable("shops");
}
