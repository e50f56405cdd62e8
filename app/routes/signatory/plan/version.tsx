import type { Route } from "./+types/version";
import { PlanView } from "~/components/plan/plan-view";
import { PlanStatusTag } from "~/components/document/status";
import { Alert } from "~/components/ui/alert";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { loadPlanDocument } from "~/models/action-plan.server";
import { formatDateTime } from "~/utils/time";
import { notFound, requirePlanContext } from "./plan.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Versie ${params.number} - Actieplan MVOI - MVOI-portaal` }];

export async function loader(args: Route.LoaderArgs) {
  const { db, overview, base } = await requirePlanContext(args);
  const version = overview?.versions.find((v) => String(v.number) === args.params.number);
  if (!version) throw notFound();
  return { version, doc: await loadPlanDocument(db, { versionId: version.id }), base };
}

export default function PlanVersion({ loaderData }: Route.ComponentProps) {
  const { version, doc, base } = loaderData;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>Actieplan, versie {version.number}</Heading>
      <Paragraph>
        Status: <PlanStatusTag status={version.status} />
        {version.submitted_at
          ? ` · ingediend ${formatDateTime(version.submitted_at)}${version.submitted_by_name ? ` door ${version.submitted_by_name}` : ""}`
          : ""}
        {version.reviewed_at ? ` · beoordeeld ${formatDateTime(version.reviewed_at)}` : ""}
      </Paragraph>
      {version.status === "returned" ? (
        <Alert type="warning">
          <strong>Teruggestuurd door het ministerie.</strong> De reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{version.return_reason}</blockquote>
        </Alert>
      ) : null}
      <PlanView doc={doc} fileHref={`${base}/versies/${version.number}/plan.pdf`} />
    </div>
  );
}
