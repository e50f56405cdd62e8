import { actableOrganisationIds, mayActForRow, mayWriteForRow, type OrganisationAccess } from "~/models/access.server";
import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import { cachedUntilChange } from "~/models/data-change.server";
import { prepared } from "~/database/prepared.server";
import type { Organisation, Sector } from "~/database/types";

export type OrganisationSummary = Pick<Organisation, "id" | "slug" | "name" | "kind" | "sector" | "signed_at"> & {
  signed_via_name: string | null;
  signed_via_slug: string | null;
};

function summaryQuery(db: Executor) {
  return db
    .selectFrom("organisation as o")
    .leftJoin("organisation as via", "via.id", "o.signed_via_id")
    .select([
      "o.id",
      "o.slug",
      "o.name",
      "o.kind",
      "o.sector",
      "o.signed_at",
      "via.name as signed_via_name",
      "via.slug as signed_via_slug",
    ]);
}

/** The organisations a user may act for, the organisations they are a member of first. */
export async function listActableOrganisations(db: Executor, args: { userId: number }): Promise<OrganisationSummary[]> {
  return summaryQuery(db)
    .where("o.id", "in", actableOrganisationIds(db, args.userId))
    .orderBy((eb) => eb.case().when("o.signed_via_id", "is", null).then(0).else(1).end())
    .orderBy("o.name")
    .execute();
}

/**
 * An organisation the user may act for, by its URL slug, with the user's access level and how
 * many organisations they may act for in all (the layout links to "Al uw organisaties" from
 * two). Returns null for a slug that does not exist and for one the user may not act for alike.
 */
export async function getActableOrganisation(
  db: Executor,
  args: { userId: number; slug: string },
): Promise<(OrganisationSummary & { access: OrganisationAccess; actableCount: number }) | null> {
  const row = await actableOrganisationQuery.first(db, args);
  if (!row) return null;
  const { can_write, ...organisation } = row;
  // The count changes only with memberships and organisations: kept until one changes (counting
  // was half of this query's time, on every signatory page).
  const actableCount = await cachedUntilChange(db, ["memberships", "organisations"], `actable-count:${args.userId}`, () =>
    countActable(db, args),
  );
  return { ...organisation, access: Number(can_write) ? "write" : "read", actableCount };
}

// Every signatory page runs these queries: prepared once (see db/prepared.server.ts).
const actableOrganisationQuery = prepared((db, args: { userId: number; slug: string }) =>
  summaryQuery(db)
    // The WHERE admits only organisations the user may act for, so the one flag left to ask is writing.
    .select(mayWriteForRow(args.userId).as("can_write"))
    .where("o.slug", "=", args.slug)
    .where(mayActForRow(args.userId, ["editor", "viewer"])),
);
const actableCountQuery = prepared((db, args: { userId: number }) =>
  db.selectFrom(actableOrganisationIds(db, args.userId).as("actable")).select((eb) => eb.fn.countAll<number>().as("n")),
);

async function countActable(db: Executor, args: { userId: number }): Promise<number> {
  return Number((await actableCountQuery.first(db, args))?.n ?? 0);
}

/** For the ministry and admins, who read every organisation. */
export async function listOrganisations(
  db: Executor,
  args: { sector?: Sector; search?: string } = {},
): Promise<(OrganisationSummary & { covers_count: number })[]> {
  let query = summaryQuery(db)
    .select((eb) =>
      eb
        .selectFrom("organisation as child")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("child.signed_via_id", "=", "o.id")
        .as("covers_count"),
    )
    .where("o.active", "=", 1);
  if (args.sector) query = query.where("o.sector", "=", args.sector);
  if (args.search) {
    const pattern = `%${args.search.replace(/[%_\\]/g, "\\$&")}%`;
    query = query.where(sql<boolean>`o.name like ${pattern} escape '\\'`);
  }
  const rows = await query.orderBy("o.sector").orderBy("o.name").execute();
  return rows.map((r) => ({ ...r, covers_count: Number(r.covers_count ?? 0) }));
}

export async function getOrganisationBySlug(
  db: Executor,
  args: { slug: string },
): Promise<(OrganisationSummary & { source_url: string | null; covers: { slug: string; name: string }[] }) | null> {
  const organisation = await summaryQuery(db).select("o.source_url").where("o.slug", "=", args.slug).executeTakeFirst();
  if (!organisation) return null;
  const covers = await db
    .selectFrom("organisation")
    .select(["slug", "name"])
    .where("signed_via_id", "=", organisation.id)
    .orderBy("name")
    .execute();
  return { ...organisation, covers };
}

export async function countOrganisationsBySector(db: Executor): Promise<{ sector: Sector; count: number }[]> {
  const rows = await db
    .selectFrom("organisation")
    .select(["sector", (eb) => eb.fn.countAll<number>().as("count")])
    .where("active", "=", 1)
    .groupBy("sector")
    .execute();
  return rows.map((r) => ({ sector: r.sector, count: Number(r.count) }));
}
