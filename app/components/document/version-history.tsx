import { Form } from "react-router";
import { Lateness } from "~/components/document/lateness";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Link } from "~/components/ui/typography";
import type { VersionSummary } from "~/models/action-plan.server";
import { formatDateTime } from "~/utils/time";
import { PlanStatusTag } from "./status";

type VersionRow = Pick<
  VersionSummary,
  "id" | "number" | "status" | "updated_at" | "updated_by_name" | "submitted_at" | "submitted_by_name" | "reviewed_at" | "reviewed_by_name"
> & { late?: number };

/** Every version of a plan or report, newest first; with `compareAction`, a form to compare two. */
export function VersionHistory({
  versions,
  versionHref,
  compareAction,
  current,
  caption = "Alle versies van het actieplan, nieuwste eerst",
}: {
  versions: VersionRow[];
  versionHref: (number: number) => string;
  compareAction?: string;
  current?: number;
  caption?: string;
}) {
  const options = versions.map((v) => ({ value: v.number, label: `Versie ${v.number}` }));
  return (
    <>
      <Table
        caption={caption}
        head={
          <Tr>
            <Th>Versie</Th>
            <Th>Status</Th>
            <Th>Laatst gewijzigd</Th>
            <Th>Ingediend</Th>
            <Th>Beoordeeld</Th>
          </Tr>
        }
      >
        {versions.map((v) => (
          <Tr key={v.id}>
            <Td>
              {v.number === current ? <strong>Versie {v.number} (deze)</strong> : <Link to={versionHref(v.number)}>Versie {v.number}</Link>}
            </Td>
            <Td>
              <PlanStatusTag status={v.status} />
              <Lateness late={v.late} submitted />
            </Td>
            <Td>
              {formatDateTime(v.updated_at)}
              {v.updated_by_name ? ` door ${v.updated_by_name}` : ""}
            </Td>
            <Td>
              {v.submitted_at ? `${formatDateTime(v.submitted_at)}${v.submitted_by_name ? ` door ${v.submitted_by_name}` : ""}` : "—"}
            </Td>
            <Td>{v.reviewed_at ? `${formatDateTime(v.reviewed_at)}${v.reviewed_by_name ? ` door ${v.reviewed_by_name}` : ""}` : "—"}</Td>
          </Tr>
        ))}
      </Table>
      {compareAction && versions.length > 1 ? (
        <Form method="get" action={compareAction} className="mvoi-filter">
          <FilterSelect id="van" label="Vergelijk versie" value={versions[1]!.number} options={options} />
          <FilterSelect id="naar" label="met versie" value={versions[0]!.number} options={options} />
          <Button appearance="secondary">Vergelijken</Button>
        </Form>
      ) : null}
    </>
  );
}
