import { Table, Td, Th, Tr } from "~/components/ui/table";
import type { ReportingYearState } from "~/models/reporting-year.server";
import { formatDate } from "~/utils/time";

const STATE_LABELS: Record<ReportingYearState, string> = {
  not_open: "Nog niet geopend",
  open: "Open",
  overdue: "Termijn verstreken",
};

type Year = { year: number; opens_at: string; due_at: string; state?: ReportingYearState };

export function ReportingYearsTable({ years }: { years: Year[] }) {
  const withState = years.some((y) => y.state);
  return (
    <Table
      caption="Rapportagejaren met openingsdatum en uiterste inleverdatum"
      head={
        <Tr>
          <Th>Jaar</Th>
          <Th>Open vanaf</Th>
          <Th>Uiterste inleverdatum</Th>
          {withState ? <Th>Status</Th> : null}
        </Tr>
      }
    >
      {years.map((y) => (
        <Tr key={y.year}>
          <Td>{y.year}</Td>
          <Td>{formatDate(y.opens_at)}</Td>
          <Td>{formatDate(y.due_at)}</Td>
          {withState ? <Td>{y.state ? STATE_LABELS[y.state] : ""}</Td> : null}
        </Tr>
      ))}
    </Table>
  );
}
