import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Kept for throttling only; old rows are pruned. email_key is the normalised e-mail as typed,
  // whether or not an account exists, so throttling does not reveal which accounts exist.
  await db.schema
    .createTable("login_attempt")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email_key", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull().check(sql`succeeded in (0, 1)`))
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.createIndex("login_attempt_ip_idx").on("login_attempt").columns(["ip", "attempted_at"]).execute();
  await db.schema.createIndex("login_attempt_email_idx").on("login_attempt").columns(["email_key", "attempted_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_attempt").execute();
}
