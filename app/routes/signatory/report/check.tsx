import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/check";
import { ErrorSummary } from "~/components/forms/error-summary";
import { ReportView } from "~/components/report/report-view";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import type { ReportProblem } from "~/models/report.rules";
import { ReportIncompleteError, submitReport } from "~/models/report.server";
import { loadReportView } from "~/models/report-view.server";
import { reportError, requireReportDraft } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Controleer uw gegevens - Rapportage ${params.year} - MVOI-portaal` }];

const href = (base: string, p: ReportProblem) =>
  p.section === "voortgang"
    ? `${base}/voortgang#voortgang-stand-${p.code.replace("actie-", "")}`
    : `${base}/${p.section}#rapportage-${p.code}`;

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, draft, base } = await requireReportDraft(args);
  const view = await loadReportView(db, { organisationId: organisation.id, year, versionId: draft.id });
  return {
    view,
    problems: view.problems.map((p) => ({ message: p.message, href: href(base, p) })),
    lockVersion: draft.lock_version,
    base,
    year,
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, organisation, year, actor, base } = await requireReportDraft(args);
  const lockVersion = Number((await args.request.formData()).get("lockVersion"));
  try {
    const { late } = await submitReport(db, { actor, organisationId: organisation.id, year, lockVersion });
    return redirect(`${base}?ingediend=${late ? "laat" : "op-tijd"}`);
  } catch (error) {
    if (error instanceof ReportIncompleteError) {
      return data({ problems: error.problems.map((p) => ({ message: p.message, href: href(base, p) })), error: null }, { status: 400 });
    }
    const { status, message } = reportError(error);
    return data({ problems: null, error: message }, { status });
  }
}

export default function ReportCheck({ loaderData, actionData }: Route.ComponentProps) {
  const { view, base, year } = loaderData;
  const problems = actionData?.problems ?? loaderData.problems;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar de rapportage {year}</Link>
      </Paragraph>
      <Heading level={1}>Controleer uw gegevens</Heading>
      {actionData?.error ? <Alert type="error">{actionData.error}</Alert> : null}
      <ErrorSummary errors={problems} title="De rapportage is nog niet compleet" />
      <Paragraph>
        Zo ontvangt het ministerie uw rapportage over {year}. Klopt alles? Dien haar dan in. Na het indienen kunt u deze versie niet meer
        wijzigen.
      </Paragraph>
      <ReportView {...view} year={year} editHref={(section) => `${base}/${section}`} historyHref={`${base}/geschiedenis`} />
      <Form method="post" className="mvoi-form">
        <input type="hidden" name="lockVersion" value={loaderData.lockVersion} />
        <Button>Rapportage indienen</Button>
      </Form>
    </div>
  );
}
