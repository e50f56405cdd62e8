import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // What a user posted after their session had ended, kept for at most 15 minutes so the form can
  // be filled in again after logging in (app/models/kept-input.server.ts). One row per browser:
  // id_hash is the SHA-256 of the random id in the browser's signed cookie.
  await db.schema
    .createTable("kept_input")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("fields", "text", (c) => c.notNull())
    .addColumn("files_left_out", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("kept_input_expires_idx").on("kept_input").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("kept_input").execute();
}
