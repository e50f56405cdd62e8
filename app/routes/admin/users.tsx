import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/users";
import { ROLE_LABELS } from "~/auth/permissions";
import { FilterText } from "~/components/forms/filter-select";
import { Alert } from "~/components/ui/alert";
import { Button, ButtonLink } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { listOpenInvitations, revokeInvitation } from "~/models/invitation.server";
import { listUsers } from "~/models/user.server";
import { formatDate, formatDateTime } from "~/utils/time";
import { adminActor } from "./admin.server";

export const meta: Route.MetaFunction = () => [{ title: "Gebruikers - Beheer - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const [users, invitations] = await Promise.all([listUsers(db, { search: q || undefined }), listOpenInvitations(db)]);
  return { ...pageOf(users, request), q, invitations };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const formData = await args.request.formData();
  if (formData.get("intent") !== "revoke") return data({ error: "Onbekende handeling." }, { status: 400 });
  const value = formData.get("invitation");
  const id = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id === 0)
    return data({ error: "Kies in de lijst de uitnodiging die u wilt intrekken." }, { status: 400 });
  if (!(await revokeInvitation(db, { actor, id }))) {
    // One answer for an unknown, a used and an already revoked invitation: none of them is open.
    return data(
      { error: "Deze uitnodiging kan niet worden ingetrokken: zij is al gebruikt of ingetrokken, of bestaat niet." },
      { status: 409 },
    );
  }
  return redirect("/beheer/gebruikers?ingetrokken");
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { items, page, pages, total, q, invitations } = loaderData;
  const [searchParams] = useSearchParams();
  return (
    <div className="mvoi-container">
      <Heading level={1}>Gebruikers</Heading>
      {searchParams.has("uitgenodigd") ? (
        <Alert type="ok">De uitnodiging is verstuurd naar {searchParams.get("uitgenodigd")}.</Alert>
      ) : null}
      {searchParams.has("ingetrokken") ? <Alert type="ok">De uitnodiging is ingetrokken.</Alert> : null}
      {actionData?.error ? <Alert type="error">{actionData.error}</Alert> : null}
      <p className="mvoi-button-row">
        <ButtonLink to="/beheer/gebruikers/uitnodigen">Gebruiker uitnodigen</ButtonLink>
      </p>
      <Form method="get" className="mvoi-filter" role="search" aria-label="Gebruikers zoeken">
        <FilterText id="q" label="Naam of e-mailadres bevat" value={q} maxLength={100} />
        <Button appearance="secondary">Zoeken</Button>
      </Form>
      <Table
        caption={`${total} gebruikers${q ? ` met "${q}"` : ""}`}
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
        {items.map((u) => (
          <Tr key={u.id}>
            <Td>
              <Link to={`/beheer/gebruikers/${u.id}`}>{u.name}</Link>
            </Td>
            <Td>{u.email}</Td>
            <Td>
              {u.memberships.length === 0 ? "Geen" : u.memberships.map((m) => `${m.organisation_name}: ${ROLE_LABELS[m.role]}`).join("; ")}
            </Td>
            <Td>{u.active ? "Ja" : "Nee"}</Td>
            <Td>{u.last_login_at ? formatDateTime(u.last_login_at) : "Nog nooit"}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={page} pages={pages} />

      <Heading level={2}>Openstaande uitnodigingen</Heading>
      {invitations.length === 0 ? (
        <p className="utrecht-paragraph">Er zijn geen openstaande uitnodigingen.</p>
      ) : (
        <Table
          caption="Uitnodigingen die nog niet zijn gebruikt"
          head={
            <Tr>
              <Th>E-mailadres</Th>
              <Th>Organisatie en rol</Th>
              <Th>Geldig tot</Th>
              <Th>Intrekken</Th>
            </Tr>
          }
        >
          {invitations.map((i) => (
            <Tr key={i.id}>
              <Td>{i.email}</Td>
              <Td>
                {i.organisation_name}: {ROLE_LABELS[i.role]}
              </Td>
              <Td>{formatDate(i.expires_at)}</Td>
              <Td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitation" value={i.id} />
                  <Button appearance="secondary" className="mvoi-small-button" aria-label={`Uitnodiging voor ${i.email} intrekken`}>
                    Intrekken
                  </Button>
                </Form>
              </Td>
            </Tr>
          ))}
        </Table>
      )}
    </div>
  );
}
