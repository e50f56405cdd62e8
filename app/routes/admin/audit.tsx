import type { Route } from "./+types/audit";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { listRecentAuditEvents } from "~/models/audit.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Audittrail - Beheer - MVOI-portaal" }];

const LIMIT = 200;

export async function loader() {
  return { events: await listRecentAuditEvents(getDb(), { limit: LIMIT }) };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  return (
    <div className="mvoi-container">
      <Heading level={1}>Audittrail</Heading>
      <Paragraph>De laatste {LIMIT} gebeurtenissen, nieuwste eerst.</Paragraph>
      <Table
        caption="Gebeurtenissen in het portaal: wie, namens welke organisatie, wat en wanneer"
        head={
          <Tr>
            <Th>Tijdstip</Th>
            <Th>Door</Th>
            <Th>Namens</Th>
            <Th>Handeling</Th>
            <Th>Resultaat</Th>
            <Th>IP-adres</Th>
          </Tr>
        }
      >
        {loaderData.events.map((e) => (
          <Tr key={e.id}>
            <Td>{formatDateTime(e.occurred_at)}</Td>
            <Td>{e.user_email ?? "—"}</Td>
            <Td>{e.acting_organisation_name ?? "—"}</Td>
            <Td>
              <code>{e.action}</code>
            </Td>
            <Td>{e.result === "success" ? "Gelukt" : "Mislukt"}</Td>
            <Td>{e.ip ?? "—"}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
