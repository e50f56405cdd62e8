import type { Route } from "./+types/list";
import { PlanStatusTag } from "~/components/document/status";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { getDb } from "~/database/instance.server";
import { listReportsForOrganisation } from "~/models/report.server";
import { reportingYearState } from "~/models/reporting-year.server";
import { formatDate, todayInNL } from "~/utils/time";
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
      <Table
        caption="Rapportagejaren met de stand van uw rapportage"
        head={
          <Tr>
            <Th>Jaar</Th>
            <Th>Status</Th>
            <Th>Open vanaf</Th>
            <Th>Uiterste inleverdatum</Th>
          </Tr>
        }
      >
        {years.map((y) => (
          <Tr key={y.year}>
            <Td>
              {y.state === "not_open" && !y.status ? (
                y.year
              ) : (
                <Link to={`/organisatie/${slug}/rapportage/${y.year}`}>Rapportage {y.year}</Link>
              )}
            </Td>
            <Td>
              <PlanStatusTag status={y.status ?? "none"} />
              {y.version && y.version > 1 ? ` (versie ${y.version})` : ""}
              {y.late && y.submitted ? <strong className="mvoi-overdue"> te laat ingediend</strong> : null}
              {y.late && !y.submitted ? <strong className="mvoi-overdue"> termijn verstreken</strong> : null}
            </Td>
            <Td>{formatDate(y.opens_at)}</Td>
            <Td>{formatDate(y.due_at)}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
