import { Form } from "react-router";
import type { Route } from "./+types/mail";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import type { MailStatus } from "~/database/types";
import { MAX_MAIL_ATTEMPTS as MAX_ATTEMPTS } from "~/models/admin.schema";
import { listMail } from "~/models/mail.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Verstuurde berichten - Beheer - MVOI-portaal" }];

const STATUS: Record<MailStatus, string> = { pending: "Wacht", sent: "Verstuurd", failed: "Mislukt" };

export async function loader({ request }: Route.LoaderArgs) {
  const asked = new URL(request.url).searchParams.get("status");
  const status = asked && asked in STATUS ? (asked as MailStatus) : undefined;
  return { messages: await listMail(getDb(), { status, limit: 200 }), status: status ?? "" };
}

export default function AdminMail({ loaderData }: Route.ComponentProps) {
  const { messages, status } = loaderData;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Verstuurde berichten</Heading>
      <Paragraph>
        De e-mail van het portaal: uitnodigingen, wachtwoordlinks, beoordelingen en herinneringen. Een bericht dat mislukt, wordt bij de
        volgende ronde opnieuw verstuurd (hoogstens {MAX_ATTEMPTS} keer). De 200 nieuwste, nieuwste eerst.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="status"
          label="Status"
          value={status}
          options={[{ value: "", label: "Alle berichten" }, ...Object.entries(STATUS).map(([value, label]) => ({ value, label }))]}
        />
        <Button appearance="secondary">Tonen</Button>
      </Form>
      <Table
        caption={`${messages.length} berichten`}
        head={
          <Tr>
            <Th>Aangemaakt</Th>
            <Th>Aan</Th>
            <Th>Onderwerp</Th>
            <Th>Status</Th>
            <Th numeric>Pogingen</Th>
            <Th>Laatste fout</Th>
          </Tr>
        }
      >
        {messages.map((m) => (
          <Tr key={m.id}>
            <Td>{formatDateTime(m.created_at)}</Td>
            <Td>{m.recipient}</Td>
            <Td>{m.subject}</Td>
            <Td>{m.status === "sent" ? `${STATUS.sent} ${formatDateTime(m.sent_at)}` : STATUS[m.status]}</Td>
            <Td numeric>{m.attempts}</Td>
            <Td>{m.last_error ?? "—"}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
