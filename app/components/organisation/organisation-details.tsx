import type { ReactNode } from "react";
import { DataList } from "~/components/ui/data-list";
import type { OrganisationKind, Sector } from "~/database/types";
import { actionPlanDueDate, KIND_LABELS, SECTOR_LABELS, SIGNED_ITSELF } from "~/models/organisation.labels";
import { formatDate } from "~/utils/time";

type Props = {
  organisation: { kind: OrganisationKind; sector: Sector; signed_at: string | null; signed_via_name: string | null };
  /** How to show "signed via" (a link for the ministry); defaults to the name. */
  signedVia?: ReactNode;
  extra?: { key: string; value: ReactNode }[];
};

/** The facts of one organisation, the same on the signatory's and the ministry's pages. */
export function OrganisationDetails({ organisation, signedVia, extra = [] }: Props) {
  return (
    <DataList
      items={[
        { key: "Soort organisatie", value: KIND_LABELS[organisation.kind] },
        { key: "Sector", value: SECTOR_LABELS[organisation.sector] },
        { key: "Manifest ondertekend", value: formatDate(organisation.signed_at) },
        { key: "Actieplan uiterlijk", value: formatDate(actionPlanDueDate(organisation.signed_at)) },
        { key: "Getekend via", value: signedVia ?? organisation.signed_via_name ?? SIGNED_ITSELF },
        ...extra,
      ]}
    />
  );
}
