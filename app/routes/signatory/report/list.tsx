import type { Route } from "./+types/list";
import { OrganisationReportsTable } from "~/components/organisation/organisation-reports-table";
import { Heading, Paragraph } from "~/components/ui/typography";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { getDb } from "~/database/instance.server";
import { listReportsForOrganisation } from "~/models/report.server";
import { reportingYearState } from "~/models/reporting-year.server";
import { todayInNL } from "~/utils/time";
import { notFound } from "./report.server";

export const meta: Route.MetaFunction = () => [{ title: "Jaarrapportages - MVOI-portaal" }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const organisation = await actableOrganisationOnce(context, request, { userId: user.id, slug: params.slug });
  if (!organisation) throw notFound();
  const today = todayInNL();
  const years = (await listReportsForOrganisation(db, { userId: user.id, organisationId: organisation.id })).map((y) => ({
    ...y,
    state: reportingYearState(y, today),
  }));
  return { years, slug: organisation.slug };
}

export default function ReportList({ loaderData }: Route.ComponentProps) {
  const { years, slug } = loaderData;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Jaarrapportages</Heading>
      <Paragraph>Elk jaar rapporteert uw organisatie over de resultaten van het jaar ervoor.</Paragraph>
      <OrganisationReportsTable years={years} slug={slug} />
    </div>
  );
}
