import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("user")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    // Stored lower-cased by the application; NOCASE makes the unique check case-blind as well.
    .addColumn("email", "text", (c) =>
      c
        .notNull()
        .unique()
        .modifyEnd(sql`collate nocase`),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("active", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_login_at", "text")
    .execute();

  // role: editor = procurement officer who drafts and submits for the organisation (and for the
  // organisations signed via it); viewer = reads the organisation's data; reviewer = ministry
  // (reads every organisation, writes none of their data); admin = portal administrator.
  await db.schema
    .createTable("membership")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("restrict"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('editor', 'viewer', 'reviewer', 'admin')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("membership_user_organisation_role_unique", ["user_id", "organisation_id", "role"])
    .execute();

  await db.schema.createIndex("membership_organisation_idx").on("membership").column("organisation_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("membership").execute();
  await db.schema.dropTable("user").execute();
}
