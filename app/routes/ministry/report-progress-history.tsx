import { data } from "react-router";
import type { Route } from "./+types/report-progress-history";
import { HistoryPage } from "~/components/report/value-history";
import { getDb } from "~/database/instance.server";
import { reviewableVersion } from "~/models/counted-version.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { getReportOverviewForReview } from "~/models/report.server";
import { findLineageTitle, findReport, progressHistory } from "~/models/value-history.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.title ?? "actie"} - Rapportage ${data?.year ?? ""} - Ministerie - MVOI-portaal` },
];

const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/** Every change to the progress on one action, in the versions the organisation submitted (not its draft). */
export async function loader(args: Route.LoaderArgs) {
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: args.params.slug });
  const year = Number(args.params.year);
  if (!organisation || !Number.isInteger(year)) throw notFound();
  const lineageId = /^\d{1,15}$/.test(args.params.lineage) ? Number(args.params.lineage) : NaN;
  const overview = await getReportOverviewForReview(db, { organisationId: organisation.id, year });
  const { visible } = overview ? reviewableVersion(overview.versions, null) : { visible: [] };
  const [reportId, title] = await Promise.all([
    findReport(db, { organisationId: organisation.id, year }),
    findLineageTitle(db, { organisationId: organisation.id, lineageId }),
  ]);
  if (reportId === null || title === null || visible.length === 0) throw notFound();
  const base = `/ministerie/rapportages/${organisation.slug}/${year}`;
  return {
    year,
    title,
    back: { href: base, text: `Terug naar de rapportage ${year} van ${organisation.name}` },
    intro: `Rapportage ${year} van ${organisation.name}: elke wijziging van de stand en de toelichting bij deze actie in de ingediende versies, de nieuwste bovenaan. Wijzigingen in een concept dat nog niet is ingediend, ziet u hier niet.`,
    entries: await progressHistory(db, { reportId, lineageId, upToVersion: Math.max(...visible.map((v) => v.number)) }),
  };
}

export default function MinistryProgressHistory({ loaderData }: Route.ComponentProps) {
  return <HistoryPage back={loaderData.back} title={loaderData.title} intro={loaderData.intro} entries={loaderData.entries} />;
}
