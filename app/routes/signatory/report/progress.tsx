import { data, Form, redirect } from "react-router";
import { useRestoredLock } from "~/components/forms/restored-input";
import { OpenQuestionsNotice } from "~/components/document/open-questions-notice";
import { loadReportQuestions } from "~/models/report-view.server";
import type { Route } from "./+types/progress";
import { ErrorSummary } from "~/components/forms/error-summary";
import { PlainRadios, PlainTextarea } from "~/components/forms/plain-fields";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import type { ProgressStatus } from "~/database/types";
import { PROGRESS_LABELS } from "~/models/report.rules";
import { assessVersion, saveProgress } from "~/models/report.server";
import { stepLabel, THEME_NAMES } from "~/models/theme";
import { formatValue } from "~/models/report.rules";
import { reportError, requireReportDraft } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Voortgang actieplan - Rapportage ${params.year} - MVOI-portaal` }];

const STATUSES = Object.keys(PROGRESS_LABELS) as ProgressStatus[];
const FORM_ID = "voortgang";

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, draft, base, overview } = await requireReportDraft(args);
  const assessed = await assessVersion(db, { organisationId: organisation.id, year, versionId: draft.id });
  // The ministry's questions on the actions' stand that wait for an answer.
  const questions = (
    await loadReportQuestions(db, {
      organisationId: organisation.id,
      reportId: overview!.reportId,
      versions: overview!.versions,
      shown: draft,
      indicators: assessed.indicators,
    })
  )
    .filter((q) => q.target === "action" && q.state === "open")
    .map((q) => ({ id: q.id, about: q.about, text: q.text }));
  const targets = assessed.progress.targets.filter((t) => t.year === year);
  return {
    base,
    year,
    questions,
    lockVersion: draft.lock_version,
    items: assessed.progress.items,
    planNumber: assessed.progress.planVersion?.number ?? null,
    // Plan against actual: the plan's target step for this year beside the step reached.
    comparison: targets.map((t) => {
      const code = `${t.theme === "social-return" ? "sr" : t.theme}_stap`;
      return { theme: t.theme, target: t.target_step, reached: formatValue({ unit: "step", choices: null }, assessed.answers.get(code)) };
    }),
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, year, actor, base, draft } = await requireReportDraft(args);
  const formData = await args.request.formData();
  const { progress } = await assessVersion(db, { organisationId: organisation.id, year, versionId: draft.id });
  const errors: Record<string, string> = {};
  const raw: Record<string, { status: string; note: string }> = {};
  // Only the actions the form sent: an action without fields in the post is left as it is.
  const sent = progress.items.filter((item) => formData.has(`stand.${item.lineage_id}`) || formData.has(`notitie.${item.lineage_id}`));
  const items = sent.map((item) => {
    const status = String(formData.get(`stand.${item.lineage_id}`) ?? item.status ?? "");
    const note = String(formData.get(`notitie.${item.lineage_id}`) ?? item.note ?? "").trim();
    raw[item.lineage_id] = { status, note };
    if (status && !STATUSES.includes(status as ProgressStatus)) errors[item.lineage_id] = "Kies een van de standen.";
    if (note.length > 2000) errors[item.lineage_id] = "De toelichting is hoogstens 2000 tekens lang.";
    return { lineageId: item.lineage_id, status: (status || null) as ProgressStatus | null, note: note || null };
  });
  if (Object.keys(errors).length) return data({ errors, raw, formError: null }, { status: 400 });
  try {
    await saveProgress(db, {
      actor,
      organisationId: organisation.id,
      year,
      lockVersion: Number(formData.get("lockVersion")),
      progress: items,
    });
  } catch (error) {
    const { status, message } = reportError(error);
    return data({ errors, raw, formError: message }, { status });
  }
  return redirect(`${base}?opgeslagen`);
}

export default function ReportProgress({ loaderData, actionData }: Route.ComponentProps) {
  const { base, year, items, comparison, planNumber } = loaderData;
  const restoredLock = useRestoredLock(loaderData.lockVersion);
  const summary = [
    ...(actionData?.formError ? [{ message: actionData.formError }] : []),
    ...Object.entries(actionData?.errors ?? {}).map(([id, message]) => ({ message, href: `#${FORM_ID}-stand-${id}` })),
  ];
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar de rapportage {year}</Link>
      </Paragraph>
      <Heading level={1}>Voortgang van het actieplan</Heading>
      <OpenQuestionsNotice questions={loaderData.questions} href={`${loaderData.base}#vragen`} />
      <ErrorSummary errors={summary} />
      {comparison.length ? (
        <Table
          caption={`Plan tegenover werkelijkheid in ${year}: de doelstap uit het actieplan en de bereikte stap die u per thema invult`}
          head={
            <Tr>
              <Th>Thema</Th>
              <Th>Doelstap {year}</Th>
              <Th>Bereikt</Th>
            </Tr>
          }
        >
          {comparison.map((c) => (
            <Tr key={c.theme}>
              <Td>{THEME_NAMES[c.theme]}</Td>
              <Td>{stepLabel(c.target)}</Td>
              <Td>{c.reached}</Td>
            </Tr>
          ))}
        </Table>
      ) : null}
      {items.length === 0 ? (
        <Paragraph>Uw organisatie heeft nog geen ingediend of geaccepteerd actieplan met acties. Dit onderdeel is daarom leeg.</Paragraph>
      ) : (
        <Form method="post" id={FORM_ID} className="mvoi-form">
          <input type="hidden" name="lockVersion" value={restoredLock} />
          <Paragraph>
            De acties uit versie {planNumber} van uw actieplan. Geef per actie de stand in {year}.
          </Paragraph>
          {items.map((item) => {
            // Kept input after a timeout: the plain fields read it themselves (restored-input.tsx).
            const raw = actionData?.raw?.[item.lineage_id];
            return (
              <fieldset key={item.lineage_id} className="utrecht-form-fieldset mvoi-theme-block">
                <legend className="utrecht-form-fieldset__legend mvoi-answer__legend">{item.title}</legend>
                <PlainRadios
                  id={`${FORM_ID}-stand-${item.lineage_id}`}
                  name={`stand.${item.lineage_id}`}
                  label={`Stand in ${year}`}
                  options={STATUSES.map((s) => ({ value: s, label: PROGRESS_LABELS[s] }))}
                  defaultValue={raw ? raw.status : (item.status ?? "")}
                  errors={actionData?.errors?.[item.lineage_id] ? [actionData.errors[item.lineage_id]!] : undefined}
                />
                <PlainTextarea
                  id={`${FORM_ID}-notitie-${item.lineage_id}`}
                  name={`notitie.${item.lineage_id}`}
                  label="Toelichting (niet verplicht)"
                  defaultValue={raw ? raw.note : (item.note ?? "")}
                  rows={2}
                />
              </fieldset>
            );
          })}
          <Button>Opslaan</Button>
        </Form>
      )}
    </div>
  );
}
