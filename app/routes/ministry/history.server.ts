import { data } from "react-router";
import { getDb } from "~/database/instance.server";
import { reviewableVersion } from "~/models/counted-version.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { getReportOverviewForReview } from "~/models/report.server";
import { findReport } from "~/models/value-history.server";

export const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/**
 * The report a ministry history page is about: the organisation, its report over the year, and
 * the newest version it submitted (the history stops there: a draft is the organisation's own).
 * No such organisation, report or submitted version is a 404.
 */
export async function ministryHistoryContext(params: { slug: string; year: string }) {
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: params.slug });
  const year = Number(params.year);
  if (!organisation || !Number.isInteger(year)) throw notFound();
  const overview = await getReportOverviewForReview(db, { organisationId: organisation.id, year });
  const { visible } = overview ? reviewableVersion(overview.versions, null) : { visible: [] };
  const reportId = await findReport(db, { organisationId: organisation.id, year });
  if (reportId === null || visible.length === 0) throw notFound();
  return {
    db,
    organisation,
    year,
    reportId,
    upToVersion: Math.max(...visible.map((v) => v.number)),
    back: {
      href: `/ministerie/rapportages/${organisation.slug}/${year}`,
      text: `Terug naar de rapportage ${year} van ${organisation.name}`,
    },
  };
}
