import type { Route } from "./+types/users";
import { ROLE_LABELS } from "~/auth/permissions";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { listUsers } from "~/models/user.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Gebruikers - Beheer - MVOI-portaal" }];

export async function loader() {
  return { users: await listUsers(getDb()) };
}

export default function AdminUsers({ loaderData }: Route.ComponentProps) {
  return (
    <div className="mvoi-container">
      <Heading level={1}>Gebruikers</Heading>
      <Table
        caption={`${loaderData.users.length} gebruikers`}
        head={
          <Tr>
            <Th>Naam</Th>
            <Th>E-mailadres</Th>
            <Th>Organisatie en rol</Th>
            <Th>Actief</Th>
            <Th>Laatst ingelogd</Th>
          </Tr>
        }
      >
        {loaderData.users.map((u) => (
          <Tr key={u.id}>
            <Td>{u.name}</Td>
            <Td>{u.email}</Td>
            <Td>
              {u.memberships.length === 0
                ? "Geen"
                : u.memberships.map((m) => `${m.organisation_name}: ${ROLE_LABELS[m.role]}`).join("; ")}
            </Td>
            <Td>{u.active ? "Ja" : "Nee"}</Td>
            <Td>{u.last_login_at ? formatDateTime(u.last_login_at) : "Nog nooit"}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
