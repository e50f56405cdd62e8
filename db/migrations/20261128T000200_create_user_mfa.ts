import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One row per user who started or finished setting up an authenticator app (TOTP).
  // secret_enc: the secret, AES-GCM encrypted with a key derived from SESSION_SECRET (never plain).
  // confirmed_at: null while the set-up waits for its first code; MFA is on once it is set.
  // last_used_step: the 30-second step of the last accepted code; a code of that step or an
  // earlier one is refused, so each code works once.
  await db.schema
    .createTable("user_mfa")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addColumn("last_used_step", "integer")
    .execute();

  // Ten single-use codes per user for when the phone is lost; only their SHA-256 is stored.
  await db.schema
    .createTable("mfa_recovery_code")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addUniqueConstraint("mfa_recovery_code_user_hash_unique", ["user_id", "code_hash"])
    .addCheckConstraint("mfa_recovery_code_hash_check", sql`length(code_hash) = 64`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mfa_recovery_code").execute();
  await db.schema.dropTable("user_mfa").execute();
}
