import type { Route } from "./+types/years";
import { ButtonLink } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { countExtensionsPerYear, listReportingYears, reportingYearState } from "~/models/reporting-year.server";
import { formatDate } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Rapportagejaren - Beheer - MVOI-portaal" }];

export async function loader() {
  const db = getDb();
  const [years, extensions] = await Promise.all([listReportingYears(db), countExtensionsPerYear(db)]);
  return { years: years.map((y) => ({ ...y, state: reportingYearState(y), extensions: extensions.get(y.year) ?? 0 })) };
}

const STATE: Record<string, string> = { not_open: "Nog niet geopend", open: "Open", overdue: "Termijn verstreken" };

export default function AdminYears({ loaderData }: Route.ComponentProps) {
  return (
    <div className="mvoi-container">
      <Heading level={1}>Rapportagejaren</Heading>
      <Paragraph>
        Per jaar: wanneer organisaties kunnen beginnen en wanneer de rapportage binnen moet zijn. Herinneringen gaan 14 en 3 dagen voor de
        uiterste datum uit, en de dag erna een bericht als de rapportage te laat is.
      </Paragraph>
      <p className="mvoi-button-row">
        <ButtonLink to="/beheer/catalogus#nieuw-jaar" appearance="secondary">
          Rapportagejaar toevoegen
        </ButtonLink>
      </p>
      <Table
        caption="Rapportagejaren met openingsdatum, uiterste inleverdatum en uitstel"
        head={
          <Tr>
            <Th>Jaar</Th>
            <Th>Open vanaf</Th>
            <Th>Uiterste inleverdatum</Th>
            <Th>Status</Th>
            <Th numeric>Organisaties met uitstel</Th>
          </Tr>
        }
      >
        {loaderData.years.map((y) => (
          <Tr key={y.year}>
            <Td>
              <Link to={`/beheer/jaren/${y.year}`}>{y.year}</Link>
            </Td>
            <Td>{formatDate(y.opens_at)}</Td>
            <Td>{formatDate(y.due_at)}</Td>
            <Td>{STATE[y.state]}</Td>
            <Td numeric>{y.extensions}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
