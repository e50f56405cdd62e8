import type { Route } from "./+types/organisation-home";
import { OrganisationDetails } from "~/components/organisation/organisation-details";
import { ReportingYearsTable } from "~/components/organisation/reporting-years-table";
import { ExternalLink, Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { actionPlanDueDate } from "~/models/organisation.schema";
import { listReportingYears, reportingYearState } from "~/models/reporting-year.server";
import { formatDate, todayInNL } from "~/utils/time";
import type { Route as LayoutRoute } from "./+types/organisation-layout";
import { useRouteLoaderData } from "react-router";

export const meta: Route.MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m?.id === "routes/signatory/organisation-layout");
  const name = (layout?.loaderData as LayoutRoute.ComponentProps["loaderData"] | undefined)?.organisation.name;
  return [{ title: `${name ?? "Organisatie"} - MVOI-portaal` }];
};

export async function loader() {
  // The layout has already checked that the user may act for this organisation.
  const years = await listReportingYears(getDb());
  const today = todayInNL();
  return { years: years.map((y) => ({ ...y, state: reportingYearState(y, today) })), today };
}

export default function OrganisationHome({ loaderData }: Route.ComponentProps) {
  const layout = useRouteLoaderData<LayoutRoute.ComponentProps["loaderData"]>("routes/signatory/organisation-layout");
  if (!layout) return null;
  const { organisation } = layout;
  const planDue = actionPlanDueDate(organisation.signed_at);
  return (
    <div className="mvoi-container">
      <Heading level={1}>{organisation.name}</Heading>
      <OrganisationDetails organisation={organisation} />

      <Heading level={2}>Actieplan MVOI</Heading>
      <Paragraph>
        Uiterlijk één jaar na ondertekening stelt uw organisatie een actieplan op
        {planDue ? (
          <>
            : <strong>uiterlijk {formatDate(planDue)}</strong>
            {planDue < loaderData.today ? " (deze datum is verstreken)" : ""}.
          </>
        ) : (
          "."
        )}{" "}
        Het opstellen en indienen van het actieplan in dit portaal is in ontwikkeling.
      </Paragraph>

      <Heading level={2}>Jaarrapportages</Heading>
      <ReportingYearsTable years={loaderData.years} />
      <Paragraph>
        Meer over het manifest leest u bij{" "}
        <ExternalLink href="https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen">PIANOo</ExternalLink>.
      </Paragraph>
    </div>
  );
}
