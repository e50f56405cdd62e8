import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/check";
import { ErrorSummary } from "~/components/forms/error-summary";
import { ReportView } from "~/components/report/report-view";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { REPORT_SECTIONS, type ReportProblem } from "~/models/report.rules";
import { ReportIncompleteError, submitReport } from "~/models/report.server";
import { loadReportView } from "~/models/report-view.server";
import { reportError, requireReportDraft } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Controleer uw gegevens - Rapportage ${params.year} - MVOI-portaal` }];

/** A part of the report by its short name ("Algemeen", "Voortgang"). */
const sectionName = (key: string) => REPORT_SECTIONS.find((s) => s.key === key)?.title.split(":")[0] ?? key;

const href = (base: string, p: ReportProblem) =>
  p.section === "voortgang"
    ? `${base}/voortgang#voortgang-stand-${p.code.replace("actie-", "")}`
    : `${base}/${p.section}#rapportage-${p.code}`;

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, draft, base } = await requireReportDraft(args);
  const view = await loadReportView(db, { organisationId: organisation.id, year, versionId: draft.id });
  return {
    view,
    // What is still missing, per part of the report: shown as a to-do list, not as errors, until
    // the user presses submit.
    missing: REPORT_SECTIONS.map((s) => ({
      section: sectionName(s.key),
      items: view.problems.filter((p) => p.section === s.key).map((p) => ({ message: p.message, href: href(base, p) })),
    })).filter((g) => g.items.length > 0),
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
      const problems = error.problems.map((p) => ({ message: `${sectionName(p.section)}: ${p.message}`, href: href(base, p) }));
      return data({ problems, error: null }, { status: 400 });
    }
    const { status, message } = reportError(error);
    return data({ problems: null, error: message }, { status });
  }
}

export default function ReportCheck({ loaderData, actionData }: Route.ComponentProps) {
  const { view, base, year } = loaderData;
  const { missing } = loaderData;
  const problems = actionData?.problems ?? [];
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
      {missing.length && problems.length === 0 ? (
        <section aria-labelledby="nog-te-doen">
          <Heading level={2} id="nog-te-doen">
            Nog te doen voor het indienen
          </Heading>
          {missing.map((group) => (
            <div key={group.section}>
              <Heading level={3}>{group.section}</Heading>
              <ul className="utrecht-unordered-list">
                {group.items.map((item) => (
                  <li className="utrecht-unordered-list__item" key={item.href + item.message}>
                    <Link to={item.href}>{item.message}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}
      <ReportView {...view} year={year} editHref={(section) => `${base}/${section}`} historyHref={`${base}/geschiedenis`} />
      <Form method="post" className="mvoi-form">
        <input type="hidden" name="lockVersion" value={loaderData.lockVersion} />
        <Button>Rapportage indienen</Button>
      </Form>
    </div>
  );
}
