import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "react-router";
import { useRestoredLock, useRestoredResult } from "~/components/forms/restored-input";
import { OpenQuestionsNotice } from "~/components/document/open-questions-notice";
import type { Route } from "./+types/themes";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { PlainCheckbox, PlainRadios, PlainSelect, PlainTextarea } from "~/components/forms/plain-fields";
import { keepFormWhenRefused, skipRevalidationOnAutosave, useAutosave } from "~/components/forms/use-autosave";
import { SaveStatus } from "~/components/plan/save-status";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { periodYears, themesSchema } from "~/models/action-plan.schema";
import { saveThemes } from "~/models/action-plan.server";
import { CRITERIA_LABELS, CRITERIA_LEVELS, STEPS, THEMES } from "~/models/theme";
import { openPlanQuestions, requireDraft, saveSection } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Ambities per thema - Actieplan MVOI - MVOI-portaal" }];
export const shouldRevalidate = skipRevalidationOnAutosave;
export const clientAction = (args: Route.ClientActionArgs) => keepFormWhenRefused(args);

const FORM_ID = "plan-themas";
const STEP_OPTIONS = STEPS.map((s) => ({ value: String(s.step), label: `${s.step} ${s.name}` }));
const LEVEL_OPTIONS = CRITERIA_LEVELS.map((l) => ({ value: l, label: CRITERIA_LABELS[l] }));

export async function loader(args: Route.LoaderArgs) {
  const { db, doc, draft, base, overview } = await requireDraft(args);
  return {
    doc,
    years: periodYears(doc),
    lockVersion: draft.lock_version,
    savedAt: draft.updated_at,
    base,
    questions: await openPlanQuestions(db, { overview: overview!, target: "theme" }),
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  return saveSection({
    formData: await args.request.formData(),
    schema: themesSchema,
    base,
    save: (value) => saveThemes(db, { actor, organisationId: organisation.id, lockVersion: value.lockVersion, values: value }),
  });
}

type ThemeValues = { chosen?: string; currentStep?: string; criteriaLevel?: string; ambition?: string; targets?: (string | undefined)[] };

export default function PlanThemes({ loaderData, actionData }: Route.ComponentProps) {
  const { doc, years, base } = loaderData;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  // A form posted after the session timed out, back after logging in (restored-input.tsx).
  const restoredResult = useRestoredResult();
  const restoredLock = useRestoredLock(loaderData.lockVersion);
  const [form] = useForm({
    id: FORM_ID,
    lastResult: result && "status" in result ? result : restoredResult,
    defaultValue: {
      themes: Object.fromEntries(
        doc.themes.map((t) => [
          t.theme,
          {
            chosen: t.chosen ? "on" : undefined,
            currentStep: t.currentStep?.toString(),
            criteriaLevel: t.criteriaLevel ?? undefined,
            ambition: t.ambition ?? undefined,
            targets: years.map((y) => t.targets[y]?.toString()),
          },
        ]),
      ),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: themesSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const autosave = useAutosave(FORM_ID, { lockVersion: restoredLock, savedAt: loaderData.savedAt });
  // The values to show: what the user sent (after an error) or what is saved.
  const initial = (form.initialValue as { themes?: Record<string, ThemeValues> } | undefined)?.themes ?? {};
  const errors = form.allErrors;
  const fieldId = (name: string) => `${FORM_ID}-${name}`;

  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Ambities per thema</Heading>
      <OpenQuestionsNotice questions={loaderData.questions} href={`${loaderData.base}#vragen`} />
      <ErrorSummary errors={summaryFromConform(FORM_ID, errors)} />
      <Paragraph>
        Kies de thema's waarop uw organisatie inzet (u hoeft niet alle zes te kiezen). Geef per gekozen thema aan op welke stap van het
        stappenplan u nu staat, welke stap u elk jaar wilt bereiken, op welk niveau u de MVI-criteria toepast, en wat uw ambitie is.
      </Paragraph>
      {years.length === 0 ? (
        <Alert type="info">
          Vul eerst bij <Link to={`${base}/algemeen`}>Algemeen</Link> de looptijd van het plan in; daarna kunt u hier per jaar een doelstap
          kiezen.
        </Alert>
      ) : null}

      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="lockVersion" value={autosave.lockVersion} />
        {THEMES.map((theme) => {
          const values = initial[theme.code] ?? {};
          const name = (field: string) => `themes.${theme.code}.${field}`;
          return (
            <fieldset key={theme.code} className="utrecht-form-fieldset mvoi-theme-block">
              <legend className="utrecht-form-fieldset__legend">
                <span className="nl-heading nl-heading--level-2 mvoi-legend-heading">{theme.name}</span>
              </legend>
              <PlainCheckbox
                id={fieldId(name("chosen"))}
                name={name("chosen")}
                label={`Wij kiezen het thema ${theme.name}`}
                defaultChecked={values.chosen === "on"}
                errors={errors[name("chosen")]}
              />
              <div className="mvoi-field-row">
                <PlainRadios
                  id={fieldId(name("currentStep"))}
                  name={name("currentStep")}
                  label="Huidige stap"
                  options={STEP_OPTIONS}
                  defaultValue={values.currentStep}
                  errors={errors[name("currentStep")]}
                />
                <PlainRadios
                  id={fieldId(name("criteriaLevel"))}
                  name={name("criteriaLevel")}
                  label="Niveau MVI-criteria"
                  options={LEVEL_OPTIONS}
                  defaultValue={values.criteriaLevel}
                  errors={errors[name("criteriaLevel")]}
                />
              </div>
              {years.length > 0 ? (
                <div className="mvoi-field-row mvoi-field-row--wrap">
                  {years.map((year, i) => {
                    const target = `${name("targets")}[${i}]`;
                    return (
                      <PlainSelect
                        key={year}
                        id={fieldId(target)}
                        name={target}
                        label={`Doelstap ${year}`}
                        options={STEP_OPTIONS}
                        defaultValue={values.targets?.[i]}
                        errors={errors[target]}
                      />
                    );
                  })}
                </div>
              ) : null}
              <PlainTextarea
                id={fieldId(name("ambition"))}
                name={name("ambition")}
                label="Ambitie"
                description="In een paar zinnen: wat wilt u met dit thema bereiken?"
                defaultValue={values.ambition}
                errors={errors[name("ambition")]}
              />
            </fieldset>
          );
        })}
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
