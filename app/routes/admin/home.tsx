import type { Route } from "./+types/home";
import { ReportingYearsTable } from "~/components/organisation/reporting-years-table";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { countOrganisationsBySector } from "~/models/organisation.server";
import { SECTOR_LABELS } from "~/models/organisation.schema";
import { listReportingYears } from "~/models/reporting-year.server";

export const meta: Route.MetaFunction = () => [{ title: "Beheer - MVOI-portaal" }];

export async function loader() {
  const db = getDb();
  const [counts, years] = await Promise.all([countOrganisationsBySector(db), listReportingYears(db)]);
  return { counts, years };
}

export default function AdminHome({ loaderData }: Route.ComponentProps) {
  const { counts, years } = loaderData;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Beheer</Heading>
      <Paragraph lead>Organisaties, gebruikers en rapportagejaren van het MVOI-portaal.</Paragraph>
      <Heading level={2}>Organisaties per sector</Heading>
      <Table
        caption="Aantal actieve organisaties per sector"
        head={
          <Tr>
            <Th>Sector</Th>
            <Th numeric>Aantal</Th>
          </Tr>
        }
      >
        {counts.map((c) => (
          <Tr key={c.sector}>
            <Td>
              <Link to={`/ministerie?sector=${c.sector}`}>{SECTOR_LABELS[c.sector]}</Link>
            </Td>
            <Td numeric>{c.count}</Td>
          </Tr>
        ))}
      </Table>
      <Heading level={2}>Rapportagejaren</Heading>
      <ReportingYearsTable years={years} />
    </div>
  );
}
