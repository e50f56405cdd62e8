import type { Route } from "./+types/progress-history";
import { HistoryPage } from "~/components/report/value-history";
import { listQuestions } from "~/models/review-question.server";
import { findLineageTitle, findReport, progressHistory } from "~/models/value-history.server";
import { notFound, requireReportContext } from "./report.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.title ?? "actie"} - Rapportage ${data?.year ?? ""} - MVOI-portaal` },
];

/** Every change to the progress on one action of the plan in the organisation's report over a year. */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, base } = await requireReportContext(args);
  const lineageId = /^\d{1,15}$/.test(args.params.lineage) ? Number(args.params.lineage) : NaN;
  const [reportId, title] = await Promise.all([
    findReport(db, { organisationId: organisation.id, year }),
    findLineageTitle(db, { organisationId: organisation.id, lineageId }),
  ]);
  if (reportId === null || title === null) throw notFound();
  return {
    year,
    title,
    back: { href: `${base}/voortgang`, text: "Terug naar de voortgang van het actieplan" },
    intro: `Rapportage ${year} van ${organisation.name}: elke wijziging van de stand en de toelichting bij deze actie, de nieuwste bovenaan. Niemand kan deze geschiedenis wijzigen of verwijderen.`,
    entries: await progressHistory(db, { reportId, lineageId }),
    questions: await listQuestions(db, { document: "report", documentId: reportId, item: { target: "action", item: String(lineageId) } }),
  };
}

export default function ProgressHistoryPage({ loaderData }: Route.ComponentProps) {
  return (
    <HistoryPage
      back={loaderData.back}
      title={loaderData.title}
      intro={loaderData.intro}
      entries={loaderData.entries}
      questions={loaderData.questions}
    />
  );
}
