import type { Route } from "./+types/history";
import { HistoryPage } from "~/components/report/value-history";
import { listQuestions } from "~/models/review-question.server";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { answerHistory, findReportQuestion } from "~/models/value-history.server";
import { notFound, requireReportContext } from "./report.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Geschiedenis: ${data?.question ?? "waarde"} - Rapportage ${data?.year ?? ""} - MVOI-portaal` },
];

/** Every change to one answer of the organisation's report over a year, in all its versions. */
export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, base } = await requireReportContext(args);
  const found = await findReportQuestion(db, { organisationId: organisation.id, year, code: args.params.code });
  if (!found) throw notFound();
  const section = REPORT_SECTIONS.find((s) => s.key === found.indicator.section);
  return {
    organisation: { name: organisation.name },
    year,
    question: found.indicator.label,
    back: { href: `${base}/${found.indicator.section}`, title: section?.title ?? `de rapportage ${year}` },
    entries: await answerHistory(db, { reportId: found.reportId, indicator: found.indicator }),
    questions: await listQuestions(db, {
      document: "report",
      documentId: found.reportId,
      item: { target: "answer", item: found.indicator.code },
    }),
  };
}

export default function AnswerHistoryPage({ loaderData }: Route.ComponentProps) {
  const { organisation, year, question, back, entries } = loaderData;
  return (
    <HistoryPage
      back={{ href: back.href, text: `Terug naar ${back.title}` }}
      title={question}
      intro={`Rapportage ${year} van ${organisation.name}. Elke wijziging van dit antwoord, de nieuwste bovenaan. Niemand kan deze geschiedenis wijzigen of verwijderen.`}
      entries={entries}
      questions={loaderData.questions}
    />
  );
}
