import type { PlanStatus } from "~/database/types";
import { Lateness } from "~/components/document/lateness";
import { Alert } from "~/components/ui/alert";
import { Paragraph } from "~/components/ui/typography";
import { formatDateTime } from "~/utils/time";
import { PlanStatusTag } from "./status";

type Version = {
  number: number;
  status: PlanStatus;
  submitted_at: string | null;
  submitted_by_name: string | null;
  reviewed_at?: string | null;
  reviewed_by_name?: string | null;
  return_reason: string | null;
};

/**
 * One version of a plan or a report as the ministry reviews it: its number and status, when and
 * by whom it was submitted and reviewed, whether it came in late, and the reason it was returned.
 */
export function VersionStatus({ version, late = false }: { version: Version; late?: boolean }) {
  const by = (name: string | null | undefined) => (name ? ` door ${name}` : "");
  return (
    <>
      <Paragraph>
        Versie {version.number}: <PlanStatusTag status={version.status} />
        {version.submitted_at ? ` · ingediend ${formatDateTime(version.submitted_at)}${by(version.submitted_by_name)}` : ""}
        {version.reviewed_at ? ` · beoordeeld ${formatDateTime(version.reviewed_at)}${by(version.reviewed_by_name)}` : ""}
        {late ? " ·" : null}
        <Lateness late={late} submitted />
      </Paragraph>
      {version.status === "returned" ? (
        <Alert type="warning">
          Teruggestuurd met de reden:
          <blockquote className="utrecht-blockquote mvoi-reason">{version.return_reason}</blockquote>
        </Alert>
      ) : null}
    </>
  );
}
