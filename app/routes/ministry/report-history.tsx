import { data } from "react-router";
import type { Route } from "./+types/report-history";
import { HistoryPage } from "~/components/report/value-history";
import { getDb } from "~/database/instance.server";
import { reviewableVersion } from "~/models/counted-version.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { getReportOverviewForReview } from "~/models/report.server";
import { answerHistory, findReportQuestion } from "~/models/value-history.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.question ?? "waarde"} - Rapportage ${data?.year ?? ""} - Ministerie - MVOI-portaal` },
];

const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/** Every change to one answer of a report, in the versions the organisation submitted (not its draft). */
export async function loader(args: Route.LoaderArgs) {
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: args.params.slug });
  const year = Number(args.params.year);
  if (!organisation || !Number.isInteger(year)) throw notFound();
  const overview = await getReportOverviewForReview(db, { organisationId: organisation.id, year });
  const { visible } = overview ? reviewableVersion(overview.versions, null) : { visible: [] };
  const found = await findReportQuestion(db, { organisationId: organisation.id, year, code: args.params.code });
  if (!found || visible.length === 0) throw notFound();
  const upToVersion = Math.max(...visible.map((v) => v.number));
  return {
    organisation: { name: organisation.name },
    year,
    question: found.indicator.label,
    back: `/ministerie/rapportages/${organisation.slug}/${year}`,
    entries: await answerHistory(db, { reportId: found.reportId, indicator: found.indicator, upToVersion }),
  };
}

export default function MinistryAnswerHistory({ loaderData }: Route.ComponentProps) {
  const { organisation, year, question, back, entries } = loaderData;
  return (
    <HistoryPage
      back={{ href: back, text: `Terug naar de rapportage ${year} van ${organisation.name}` }}
      title={question}
      intro={`Rapportage ${year} van ${organisation.name}: elke wijziging van dit antwoord in de ingediende versies, de nieuwste bovenaan. Wijzigingen in een concept dat nog niet is ingediend, ziet u hier niet.`}
      entries={entries}
    />
  );
}
