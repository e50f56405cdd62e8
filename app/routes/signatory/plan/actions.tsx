import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import { OpenQuestionsNotice } from "~/components/document/open-questions-notice";
import type { Route } from "./+types/actions";
import { ActionForm } from "~/components/plan/action-form";
import { Alert } from "~/components/ui/alert";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { ACTION_STATUS_LABELS, actionSchema } from "~/models/action-plan.schema";
import { addAction, moveAction, PlanNotFoundError, removeAction } from "~/models/action-plan.server";
import { THEME_NAMES } from "~/models/theme";
import { openPlanQuestions, planSaveError, requireDraft } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Acties - Actieplan MVOI - MVOI-portaal" }];

export async function loader(args: Route.LoaderArgs) {
  const { db, doc, draft, base, overview } = await requireDraft(args);
  const message = new URL(args.request.url).searchParams.get("melding");
  return {
    actions: doc.actions,
    lockVersion: draft.lock_version,
    base,
    message,
    questions: await openPlanQuestions(db, { overview: overview!, target: "action" }),
  };
}

const MESSAGES: Record<string, string> = {
  toegevoegd: "De actie is toegevoegd.",
  gewijzigd: "De actie is gewijzigd.",
  verwijderd: "De actie is verwijderd.",
  verplaatst: "De volgorde is aangepast.",
};

export async function action(args: Route.ActionArgs) {
  const { db, organisation, actor, base } = await requireDraft(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const lockVersion = Number(formData.get("lockVersion"));

  if (intent === "save-action") {
    const submission = parseWithZod(formData, { schema: actionSchema });
    if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
    try {
      await addAction(db, { actor, organisationId: organisation.id, lockVersion: submission.value.lockVersion, values: submission.value });
    } catch (error) {
      return planSaveError(error, (message) => submission.reply({ formErrors: [message] }));
    }
    return redirect(`${base}/acties?melding=toegevoegd`);
  }

  const actionId = Number(formData.get("actionId"));
  if (!Number.isSafeInteger(actionId) || !Number.isSafeInteger(lockVersion)) return data({ error: "Onbekende actie." }, { status: 400 });
  try {
    if (intent === "up" || intent === "down") {
      await moveAction(db, { actor, organisationId: organisation.id, lockVersion, actionId, direction: intent });
      return redirect(`${base}/acties?melding=verplaatst#actie-${actionId}`);
    }
    if (intent === "remove") {
      await removeAction(db, { actor, organisationId: organisation.id, lockVersion, actionId });
      return redirect(`${base}/acties?melding=verwijderd`);
    }
  } catch (error) {
    // The draft was found above (requireDraft), so "not found" here is the action: removed meanwhile, or a made-up id.
    if (error instanceof PlanNotFoundError)
      return data({ error: "Deze actie bestaat niet (meer). Laad de pagina opnieuw." }, { status: 400 });
    return planSaveError(error, (message) => ({ error: message }));
  }
  return data({ error: "Onbekende handeling." }, { status: 400 });
}

/** A small button in an action's row; its accessible name says which action it is about. */
function RowButton({ intent, label, title }: { intent: string; label: string; title: string }) {
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      aria-label={`${label}: ${title}`}
      className="utrecht-button utrecht-button--subtle mvoi-small-button"
    >
      {label}
    </button>
  );
}

export default function PlanActions({ loaderData, actionData }: Route.ComponentProps) {
  const { actions, lockVersion, base, message } = loaderData;
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  const listError =
    actionData && "error" in actionData
      ? actionData.error
      : result && "error" in result && typeof result.error === "string"
        ? result.error
        : null;
  return (
    <div className="mvoi-container mvoi-form-page">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Acties</Heading>
      <OpenQuestionsNotice questions={loaderData.questions} href={`${loaderData.base}#vragen`} />
      {message && MESSAGES[message] ? <Alert type="ok">{MESSAGES[message]}</Alert> : null}
      {listError ? <Alert type="error">{listError}</Alert> : null}
      <Paragraph>De concrete acties waarmee u uw ambities waarmaakt, in de volgorde die u wilt.</Paragraph>
      {actions.length === 0 ? (
        <Paragraph>Er zijn nog geen acties. Voeg hieronder de eerste toe.</Paragraph>
      ) : (
        <Table
          caption={`${actions.length} acties`}
          head={
            <Tr>
              <Th>Nr.</Th>
              <Th>Actie</Th>
              <Th>Thema's</Th>
              <Th>Eigenaar</Th>
              <Th>Gepland</Th>
              <Th>Stand</Th>
              <Th>Wijzigen</Th>
            </Tr>
          }
        >
          {actions.map((a, i) => (
            <Tr key={a.id}>
              <Td>{i + 1}</Td>
              <Td>
                <span id={`actie-${a.id}`}>{a.title}</span>
              </Td>
              <Td>{a.themes.map((t) => THEME_NAMES[t]).join(", ") || "—"}</Td>
              <Td>{a.owner ?? "—"}</Td>
              <Td>{a.plannedYear ? `${a.plannedYear}${a.plannedQuarter ? ` K${a.plannedQuarter}` : ""}` : "—"}</Td>
              <Td>{ACTION_STATUS_LABELS[a.status]}</Td>
              <Td>
                <div className="mvoi-row-actions">
                  <Link to={`${base}/acties/${a.id}`} aria-label={`Wijzigen: ${a.title}`}>
                    Wijzigen
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="lockVersion" value={lockVersion} />
                    <input type="hidden" name="actionId" value={a.id} />
                    {i > 0 ? <RowButton intent="up" label="Omhoog" title={a.title} /> : null}
                    {i < actions.length - 1 ? <RowButton intent="down" label="Omlaag" title={a.title} /> : null}
                    <RowButton intent="remove" label="Verwijderen" title={a.title} />
                  </Form>
                </div>
              </Td>
            </Tr>
          ))}
        </Table>
      )}
      <Heading level={2}>Actie toevoegen</Heading>
      <ActionForm
        id="actie-nieuw"
        lockVersion={lockVersion}
        lastResult={result && "status" in result ? result : undefined}
        submitLabel="Actie toevoegen"
        key={lockVersion}
      />
    </div>
  );
}
