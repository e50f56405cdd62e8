import type { Route } from "./+types/organisation-home";
import { Lateness } from "~/components/document/lateness";
import { OrganisationDetails } from "~/components/organisation/organisation-details";
import { OrganisationReportsTable } from "~/components/organisation/organisation-reports-table";
import { ExternalLink, Heading, Link, Paragraph } from "~/components/ui/typography";
import { PlanStatusTag } from "~/components/document/status";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { getPlanOverview } from "~/models/action-plan.server";
import { getDb } from "~/database/instance.server";
import { actionPlanDueDate } from "~/models/organisation.labels";
import { listReportsForOrganisation } from "~/models/report.server";
import { reportingYearState } from "~/models/reporting-year.server";
import { formatDate, todayInNL } from "~/utils/time";
import type { Route as LayoutRoute } from "./+types/organisation-layout";
import { data, useRouteLoaderData } from "react-router";

export const meta: Route.MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m?.id === "routes/signatory/organisation-layout");
  const name = (layout?.loaderData as LayoutRoute.ComponentProps["loaderData"] | undefined)?.organisation.name;
  return [{ title: `${name ?? "Organisatie"} - MVOI-portaal` }];
};

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  // Checked again here (not only in the layout): the plan query is scoped to the user.
  const organisation = await actableOrganisationOnce(context, request, { userId: user.id, slug: params.slug });
  if (!organisation) throw data({ message: "Niet gevonden" }, { status: 404 });
  const today = todayInNL();
  const [years, plan] = await Promise.all([
    listReportsForOrganisation(db, { userId: user.id, organisationId: organisation.id, today }),
    getPlanOverview(db, { userId: user.id, organisationId: organisation.id }),
  ]);
  return {
    // The organisation's own reports, as on its list of reports: accepted is accepted, not "late".
    years: years.map((y) => ({ ...y, state: reportingYearState(y, today) })),
    today,
    plan: plan
      ? { status: plan.latest.status, number: plan.latest.number, everSubmitted: plan.versions.some((v) => v.submitted_at) }
      : null,
  };
}

export default function OrganisationHome({ loaderData }: Route.ComponentProps) {
  const layout = useRouteLoaderData<LayoutRoute.ComponentProps["loaderData"]>("routes/signatory/organisation-layout");
  if (!layout) return null;
  const { organisation } = layout;
  const planDue = actionPlanDueDate(organisation.signed_at);
  const { plan } = loaderData;
  return (
    <div className="mvoi-container">
      <Heading level={1}>{organisation.name}</Heading>
      <OrganisationDetails organisation={organisation} />

      <Heading level={2}>Actieplan MVOI</Heading>
      <Paragraph>
        Status: <PlanStatusTag status={plan?.status ?? "none"} />
        {plan ? ` (versie ${plan.number})` : ""}
        {planDue ? (
          <>
            {" "}
            · uiterlijk {formatDate(planDue)}
            <Lateness late={planDue < loaderData.today && !plan?.everSubmitted} submitted={false} />
          </>
        ) : null}
      </Paragraph>
      <Paragraph>
        <Link to={`/organisatie/${organisation.slug}/actieplan`}>{plan ? "Naar het actieplan" : "Actieplan opstellen"}</Link>
      </Paragraph>

      <Heading level={2}>Jaarrapportages</Heading>
      <OrganisationReportsTable years={loaderData.years} slug={organisation.slug} />
      <Paragraph>
        Meer over het manifest leest u bij{" "}
        <ExternalLink href="https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen">PIANOo</ExternalLink>.
      </Paragraph>
    </div>
  );
}
