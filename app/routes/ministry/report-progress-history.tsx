import type { Route } from "./+types/report-progress-history";
import { HistoryPage } from "~/components/report/value-history";
import { listQuestions } from "~/models/review-question.server";
import { findLineageTitle, progressHistory } from "~/models/value-history.server";
import { ministryHistoryContext, notFound } from "./history.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.title ?? "actie"} - Rapportage ${data?.year ?? ""} - Ministerie - MVOI-portaal` },
];

/** Every change to the progress on one action, in the versions the organisation submitted (not its draft). */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, reportId, upToVersion, back } = await ministryHistoryContext(args.params);
  const lineageId = /^\d{1,15}$/.test(args.params.lineage) ? Number(args.params.lineage) : NaN;
  const title = await findLineageTitle(db, { organisationId: organisation.id, lineageId });
  if (title === null) throw notFound();
  return {
    year,
    title,
    back,
    intro: `Rapportage ${year} van ${organisation.name}: elke wijziging van de stand en de toelichting bij deze actie in de ingediende versies, de nieuwste bovenaan. Wijzigingen in een concept dat nog niet is ingediend, ziet u hier niet.`,
    entries: await progressHistory(db, { reportId, lineageId, upToVersion }),
    questions: await listQuestions(db, {
      document: "report",
      documentId: reportId,
      upToVersion,
      item: { target: "action", item: String(lineageId) },
    }),
  };
}

export default function MinistryProgressHistory({ loaderData }: Route.ComponentProps) {
  return (
    <HistoryPage
      back={loaderData.back}
      title={loaderData.title}
      intro={loaderData.intro}
      entries={loaderData.entries}
      questions={loaderData.questions}
      showFollowUp
    />
  );
}
