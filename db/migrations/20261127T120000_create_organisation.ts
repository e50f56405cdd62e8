import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any> and never import application code: they are frozen history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(sql`kind in ('ministerie', 'uitvoeringsorganisatie', 'koepelorganisatie', 'provincie', 'gemeente', 'waterschap', 'overig')`),
    )
    .addColumn("sector", "text", (c) =>
      c.notNull().check(sql`sector in ('rijksoverheid', 'provincies', 'gemeenten', 'waterschappen', 'overig')`),
    )
    .addColumn("signed_via_id", "integer", (c) => c.references("organisation.id").onDelete("restrict"))
    .addColumn("signed_at", "text", (c) => c.check(sql`signed_at is null or date(signed_at) is signed_at`))
    .addColumn("source_url", "text")
    .addColumn("active", "integer", (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`active in (0, 1)`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addCheckConstraint("organisation_not_signed_via_itself", sql`signed_via_id is null or signed_via_id <> id`)
    .execute();

  await db.schema.createIndex("organisation_signed_via_idx").on("organisation").column("signed_via_id").execute();
  await db.schema.createIndex("organisation_sector_idx").on("organisation").columns(["sector", "name"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("organisation").execute();
}
