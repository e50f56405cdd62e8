import type { Route } from "./+types/report-history";
import { HistoryPage } from "~/components/report/value-history";
import { listQuestions } from "~/models/review-question.server";
import { answerHistory, findReportQuestion } from "~/models/value-history.server";
import { ministryHistoryContext, notFound } from "./history.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.title ?? "waarde"} - Rapportage ${data?.year ?? ""} - Ministerie - MVOI-portaal` },
];

/** Every change to one answer of a report, in the versions the organisation submitted (not its draft). */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, reportId, upToVersion, back } = await ministryHistoryContext(args.params);
  const found = await findReportQuestion(db, { organisationId: organisation.id, year, code: args.params.code });
  if (!found) throw notFound();
  return {
    year,
    title: found.indicator.label,
    back,
    intro: `Rapportage ${year} van ${organisation.name}: elke wijziging van dit antwoord in de ingediende versies, de nieuwste bovenaan. Wijzigingen in een concept dat nog niet is ingediend, ziet u hier niet.`,
    entries: await answerHistory(db, { reportId, indicator: found.indicator, upToVersion }),
    questions: await listQuestions(db, {
      document: "report",
      documentId: reportId,
      upToVersion,
      item: { target: "answer", item: found.indicator.code },
    }),
  };
}

export default function MinistryAnswerHistory({ loaderData }: Route.ComponentProps) {
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
