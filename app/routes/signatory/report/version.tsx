import type { Route } from "./+types/version";
import { Lateness } from "~/components/document/lateness";
import { PlanStatusTag } from "~/components/document/status";
import { ReportView } from "~/components/report/report-view";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { loadReportView, loadVersionChanges } from "~/models/report-view.server";
import { VersionChanges } from "~/components/report/version-changes";
import { formatDateTime } from "~/utils/time";
import { notFound, requireReportContext } from "./report.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Versie ${params.number} - Rapportage ${params.year} - MVOI-portaal` }];

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, year, overview, base } = await requireReportContext(args);
  const version = overview?.versions.find((v) => String(v.number) === args.params.number);
  if (!version) throw notFound();
  const view = await loadReportView(db, { organisationId: organisation.id, year, versionId: version.id });
  const changes = await loadVersionChanges(db, {
    organisationId: organisation.id,
    year,
    versionId: version.id,
    number: version.number,
    indicators: view.indicators,
  });
  const showAll = new URL(args.request.url).searchParams.get("wijzigingen") === "alle";
  return { version, view, base, year, changes, showAll };
}

export default function ReportVersion({ loaderData }: Route.ComponentProps) {
  const { version, view, base, year, changes, showAll } = loaderData;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar de rapportage {year}</Link>
      </Paragraph>
      <Heading level={1}>
        Rapportage {year}, versie {version.number}
      </Heading>
      <Paragraph>
        Status: <PlanStatusTag status={version.status} />
        {version.submitted_at ? ` · ingediend ${formatDateTime(version.submitted_at)}` : ""}
        <Lateness late={version.late} submitted />
      </Paragraph>
      {changes ? (
        <VersionChanges
          changes={changes}
          number={version.number}
          showAll={showAll}
          allHref={`${base}/versies/${version.number}?wijzigingen=alle#wijzigingen`}
          changedHref={`${base}/versies/${version.number}#wijzigingen`}
        />
      ) : null}
      <ReportView {...view} year={year} historyHref={`${base}/geschiedenis`} />
    </div>
  );
}
