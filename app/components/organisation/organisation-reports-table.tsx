import { PlanStatusTag } from "~/components/document/status";
import { Lateness } from "~/components/document/lateness";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Link } from "~/components/ui/typography";
import type { PlanStatus } from "~/database/types";
import type { ReportingYearState } from "~/models/reporting-year.server";
import { formatDate } from "~/utils/time";

export type OrganisationReportYear = {
  year: number;
  opens_at: string;
  /** The organisation's own deadline: the year's, or its extension. */
  due_at: string;
  state: ReportingYearState;
  status: PlanStatus | null;
  version: number | null;
  submitted: boolean;
  late: boolean;
};

/**
 * One organisation's reports per year: its own status and deadline, with the same words for
 * lateness wherever they appear (its home and its list of reports).
 */
export function OrganisationReportsTable({ years, slug }: { years: OrganisationReportYear[]; slug: string }) {
  return (
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
            <Lateness late={y.late} submitted={Boolean(y.submitted)} />
          </Td>
          <Td>{formatDate(y.opens_at)}</Td>
          <Td>{formatDate(y.due_at)}</Td>
        </Tr>
      ))}
    </Table>
  );
}
