import { data, Form, redirect, useSearchParams } from "react-router";
import { useRestored, useRestoredLock } from "~/components/forms/restored-input";
import type { Route } from "./+types/section";
import { ErrorSummary } from "~/components/forms/error-summary";
import { keepFormWhenRefused, skipRevalidationOnAutosave, useAutosave } from "~/components/forms/use-autosave";
import { SaveStatus } from "~/components/plan/save-status";
import { AnswerField, answerInputId, type RawInput } from "~/components/report/answer-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { listIndicators } from "~/models/indicator.server";
import { indicatorDef, parseAnswer, REPORT_SECTIONS, ruleErrors, type Answer } from "~/models/report.rules";
import { loadVersionAnswers, prefillSection, saveAnswers } from "~/models/report.server";
import { listQuestions } from "~/models/review-question.server";
import { nowIso } from "~/utils/time";
import { notFound, parseSection, reportError, requireReportDraft } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [
  {
    title: `${REPORT_SECTIONS.find((s) => s.key === params.section)?.title.split(":")[0] ?? "Onderdeel"} - Rapportage ${params.year} - MVOI-portaal`,
  },
];
export const shouldRevalidate = skipRevalidationOnAutosave;
export const clientAction = (args: Route.ClientActionArgs) => keepFormWhenRefused(args);

const FORM_ID = "rapportage";

export async function loader(args: Route.LoaderArgs) {
  const section = parseSection(args.params.section);
  if (!section || section === "voortgang") throw notFound();
  const { db, organisation, year, draft, base, overview } = await requireReportDraft(args);
  // The ministry's open questions on this section's values, shown at each value.
  const asked = await listQuestions(db, { document: "report", documentId: overview!.reportId });
  const assessed = await loadVersionAnswers(db, { organisationId: organisation.id, year, versionId: draft.id });
  const indicators = assessed.indicators.filter((i) => i.section === section);
  const rules = ruleErrors(assessed.indicators, assessed.answers);
  const byCode = new Map(assessed.indicators.map((i) => [i.code, i]));
  return {
    section,
    title: REPORT_SECTIONS.find((s) => s.key === section)!.title,
    year,
    base,
    lockVersion: draft.lock_version,
    savedAt: draft.updated_at,
    // The question's definition only, not the whole catalogue row: this page's data is encoded
    // into every response.
    fields: indicators.map((i) => ({
      indicator: indicatorDef(i),
      answer: assessed.answers.get(i.code) ?? null,
      previous: assessed.previous.get(i.code) ?? null,
      whole: i.part_of_code ? (assessed.answers.get(i.part_of_code) ?? null) : null,
      wholeLabel: i.part_of_code ? byCode.get(i.part_of_code)?.label : undefined,
      ruleError: rules.get(i.code),
      question: asked
        .filter((q) => q.target === "answer" && q.item === i.code && q.state !== "closed")
        .map((q) => ({ id: q.id, text: q.text }))[0],
    })),
    canPrefill: indicators.some((i) => assessed.previous.has(i.code)),
  };
}

export async function action(args: Route.ActionArgs) {
  const section = parseSection(args.params.section);
  if (!section || section === "voortgang") throw notFound();
  const { db, organisation, year, actor, base } = await requireReportDraft(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const lockVersion = Number(formData.get("lockVersion"));
  const raw: Record<string, RawInput> = {};
  const errors: Record<string, string> = {};

  try {
    if (intent === "prefill") {
      await prefillSection(db, { actor, organisationId: organisation.id, year, lockVersion, section });
      return redirect(`${base}/${section}?overgenomen`);
    }
    const indicators = (await listIndicators(db, { year })).filter((i) => i.section === section);
    const answers = new Map<number, Answer | null>();
    const text = (name: string) => {
      const v = formData.get(name);
      return typeof v === "string" ? v.slice(0, 5000) : undefined;
    };
    for (const i of indicators) {
      // A question the post does not name is left as it is (not removed).
      if (![`staat.${i.code}`, `waarde.${i.code}`, `toelichting.${i.code}`].some((name) => formData.has(name))) continue;
      raw[i.code] = { state: text(`staat.${i.code}`), value: text(`waarde.${i.code}`), explanation: text(`toelichting.${i.code}`) };
      const { answer, error } = parseAnswer(i, raw[i.code]!);
      if (error) errors[i.code] = error;
      else answers.set(i.id, answer);
    }
    if (Object.keys(errors).length) return data({ errors, raw, formError: null, invalid: true }, { status: 400 });
    const saved = await saveAnswers(db, { actor, organisationId: organisation.id, year, lockVersion, answers, section });
    if (intent === "autosave") return { lockVersion: saved, savedAt: nowIso() };
  } catch (error) {
    const { status, message } = reportError(error);
    return data({ errors, raw, formError: message, conflict: status === 409 }, { status });
  }
  return redirect(`${base}?opgeslagen`);
}

export default function ReportSectionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { fields, title, base, year, canPrefill } = loaderData;
  const [searchParams] = useSearchParams();
  const failed = actionData && "errors" in actionData ? actionData : null;
  const restored = useRestored();
  const autosave = useAutosave(FORM_ID, { lockVersion: useRestoredLock(loaderData.lockVersion), savedAt: loaderData.savedAt });
  const restoredRaw = (code: string) =>
    restored.has(`staat.${code}`, `waarde.${code}`, `toelichting.${code}`)
      ? {
          state: restored.value(`staat.${code}`),
          value: restored.value(`waarde.${code}`),
          explanation: restored.value(`toelichting.${code}`),
        }
      : undefined;
  const summary = [
    ...(failed?.formError ? [{ message: failed.formError }] : []),
    ...fields.flatMap((f) => {
      const message = failed?.errors[f.indicator.code] ?? (failed ? undefined : f.ruleError);
      return message ? [{ message: `${f.indicator.label}: ${message}`, href: `#${answerInputId(FORM_ID, f.indicator)}` }] : [];
    }),
  ];
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar de rapportage {year}</Link>
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      {searchParams.has("overgenomen") ? (
        <Alert type="ok">De waarden van vorig jaar zijn ingevuld. Controleer ze, pas aan wat anders is en sla op.</Alert>
      ) : null}
      <Paragraph>
        Beantwoord elke vraag. Weet u een antwoord niet, of geldt een vraag niet voor uw organisatie? Open dan onder de vraag{" "}
        <em>Weet u het niet, of geldt dit niet?</em> en kies wat past. Percentages berekent het portaal zelf.
      </Paragraph>
      {canPrefill ? (
        <Form method="post" className="mvoi-prefill">
          <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
          <Button appearance="secondary" name="intent" value="prefill">
            Waarden van vorig jaar overnemen
          </Button>
        </Form>
      ) : null}
      {/* A new lock version means new data from the server (after pre-filling, say): start the form afresh. */}
      <Form method="post" id={FORM_ID} className="mvoi-form mvoi-report-form" noValidate key={loaderData.lockVersion}>
        <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
        {fields.map((f) => (
          <AnswerField
            key={f.indicator.code}
            formId={FORM_ID}
            indicator={f.indicator}
            answer={f.answer}
            raw={failed?.raw?.[f.indicator.code] ?? restoredRaw(f.indicator.code)}
            previous={f.previous}
            whole={f.whole}
            wholeLabel={f.wholeLabel}
            error={failed ? failed.errors[f.indicator.code] : f.ruleError}
            question={f.question ? { text: f.question.text, href: `${base}#vraag-${f.question.id}` } : undefined}
          />
        ))}
        <div className="mvoi-button-row">
          <Button name="intent" value="save">
            Opslaan
          </Button>
          <SaveStatus {...autosave} />
        </div>
      </Form>
    </div>
  );
}
