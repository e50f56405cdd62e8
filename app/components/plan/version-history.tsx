import { Form } from "react-router";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Link } from "~/components/ui/typography";
import type { VersionSummary } from "~/models/action-plan.server";
import { formatDateTime } from "~/utils/time";
import { PlanStatusTag } from "./status";

/** Every version of a plan, newest first, with a form to compare two of them. */
export function VersionHistory({
  versions,
  versionHref,
  compareAction,
  current,
}: {
  versions: VersionSummary[];
  versionHref: (number: number) => string;
  compareAction: string;
  current?: number;
}) {
  return (
    <>
      <Table
        caption="Alle versies van het actieplan, nieuwste eerst"
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
              {v.number === current ? (
                <strong>Versie {v.number} (deze)</strong>
              ) : (
                <Link to={versionHref(v.number)}>Versie {v.number}</Link>
              )}
            </Td>
            <Td>
              <PlanStatusTag status={v.status} />
            </Td>
            <Td>
              {formatDateTime(v.updated_at)}
              {v.updated_by_name ? ` door ${v.updated_by_name}` : ""}
            </Td>
            <Td>{v.submitted_at ? `${formatDateTime(v.submitted_at)}${v.submitted_by_name ? ` door ${v.submitted_by_name}` : ""}` : "—"}</Td>
            <Td>{v.reviewed_at ? `${formatDateTime(v.reviewed_at)}${v.reviewed_by_name ? ` door ${v.reviewed_by_name}` : ""}` : "—"}</Td>
          </Tr>
        ))}
      </Table>
      {versions.length > 1 ? (
        <Form method="get" action={compareAction} className="mvoi-filter">
          <div className="utrecht-form-field utrecht-form-field--select">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="van">
                Vergelijk versie
              </label>
            </div>
            <div className="utrecht-form-field__input">
              <select id="van" name="van" defaultValue={versions[1]!.number} className="utrecht-select utrecht-select--html-select">
                {versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    Versie {v.number}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="utrecht-form-field utrecht-form-field--select">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="naar">
                met versie
              </label>
            </div>
            <div className="utrecht-form-field__input">
              <select id="naar" name="naar" defaultValue={versions[0]!.number} className="utrecht-select utrecht-select--html-select">
                {versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    Versie {v.number}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <Button appearance="secondary">Vergelijken</Button>
        </Form>
      ) : null}
    </>
  );
}
