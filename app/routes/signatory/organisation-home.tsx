import type { Route } from "./+types/organisation-home";
import { DataList } from "~/components/ui/data-list";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { ExternalLink, Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { KIND_LABELS, SECTOR_LABELS } from "~/models/organisation.schema";
import { actionPlanDueDate } from "~/models/organisation.schema";
import { listReportingYears, reportingYearState } from "~/models/reporting-year.server";
import { formatDate, todayInNL } from "~/utils/time";
import type { Route as LayoutRoute } from "./+types/organisation-layout";
import { useRouteLoaderData } from "react-router";

export const meta: Route.MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m?.id === "routes/signatory/organisation-layout");
  const name = (layout?.loaderData as LayoutRoute.ComponentProps["loaderData"] | undefined)?.organisation.name;
  return [{ title: `${name ?? "Organisatie"} - MVOI-portaal` }];
};

export async function loader() {
  // The layout has already checked that the user may act for this organisation.
  const years = await listReportingYears(getDb());
  const today = todayInNL();
  return { years: years.map((y) => ({ ...y, state: reportingYearState(y, today) })), today };
}

const STATE_LABELS = { not_open: "Nog niet geopend", open: "Open", overdue: "Termijn verstreken" } as const;

export default function OrganisationHome({ loaderData }: Route.ComponentProps) {
  const layout = useRouteLoaderData<LayoutRoute.ComponentProps["loaderData"]>("routes/signatory/organisation-layout");
  if (!layout) return null;
  const { organisation } = layout;
  const planDue = actionPlanDueDate(organisation.signed_at);
  return (
    <div className="mvoi-container">
      <Heading level={1}>{organisation.name}</Heading>
      <DataList
        items={[
          { key: "Soort organisatie", value: KIND_LABELS[organisation.kind] },
          { key: "Sector", value: SECTOR_LABELS[organisation.sector] },
          { key: "Manifest ondertekend", value: formatDate(organisation.signed_at) },
          {
            key: "Getekend via",
            value: organisation.signed_via_name ?? "Eigen ondertekening",
          },
        ]}
      />

      <Heading level={2}>Actieplan MVOI</Heading>
      <Paragraph>
        Uiterlijk één jaar na ondertekening stelt uw organisatie een actieplan op
        {planDue ? (
          <>
            : <strong>uiterlijk {formatDate(planDue)}</strong>
            {planDue < loaderData.today ? " (deze datum is verstreken)" : ""}.
          </>
        ) : (
          "."
        )}{" "}
        Het opstellen en indienen van het actieplan in dit portaal is in ontwikkeling.
      </Paragraph>

      <Heading level={2}>Jaarrapportages</Heading>
      <Table
        caption="Rapportagejaren met openingsdatum en uiterste inleverdatum"
        head={
          <Tr>
            <Th>Jaar</Th>
            <Th>Open vanaf</Th>
            <Th>Uiterste inleverdatum</Th>
            <Th>Status</Th>
          </Tr>
        }
      >
        {loaderData.years.map((y) => (
          <Tr key={y.year}>
            <Td>{y.year}</Td>
            <Td>{formatDate(y.opens_at)}</Td>
            <Td>{formatDate(y.due_at)}</Td>
            <Td>{STATE_LABELS[y.state]}</Td>
          </Tr>
        ))}
      </Table>
      <Paragraph>
        Meer over het manifest leest u bij{" "}
        <ExternalLink href="https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen">PIANOo</ExternalLink>.
      </Paragraph>
    </div>
  );
}
