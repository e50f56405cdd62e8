import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/user";
import { ROLE_LABELS } from "~/auth/permissions";
import { Alert } from "~/components/ui/alert";
import { Button, ButtonLink } from "~/components/ui/button";
import { DataList } from "~/components/ui/data-list";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { ASSIGNABLE_ROLES, membershipRoleSchema } from "~/models/admin.schema";
import { getMfaStatus, resetMfaByAdmin } from "~/models/mfa.server";
import { changeMembershipRole, getUserForAdmin, removeMembership, setUserActive, UserAdminError } from "~/models/user.server";
import { formatDateTime } from "~/utils/time";
import { adminActor, idParam, notFound } from "./admin.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.user.name ?? "Gebruiker"} - Beheer - MVOI-portaal` }];

export async function loader({ params }: Route.LoaderArgs) {
  const db = getDb();
  const found = await getUserForAdmin(db, { id: idParam(params.id, "Deze gebruiker") });
  if (!found) throw notFound("Deze gebruiker");
  return { ...found, mfa: await getMfaStatus(db, { userId: found.user.id }) };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const userId = idParam(args.params.id, "Deze gebruiker");
  if (!(await getUserForAdmin(db, { id: userId }))) throw notFound("Deze gebruiker");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "reset-mfa") {
      await resetMfaByAdmin(db, { actor, userId });
      return redirect(`/beheer/gebruikers/${userId}?mfa-gereset`);
    }
    if (intent === "deactivate" || intent === "activate") {
      await setUserActive(db, { actor, userId, active: intent === "activate" });
      return redirect(`/beheer/gebruikers/${userId}?${intent === "activate" ? "ingeschakeld" : "uitgeschakeld"}`);
    }
    const parsed = membershipRoleSchema.safeParse({
      membershipId: Number(formData.get("membershipId")),
      role: formData.get("role") ?? (intent === "remove" ? "editor" : undefined),
    });
    if (!parsed.success)
      return data({ error: parsed.error.issues[0]!.message, membershipId: Number(formData.get("membershipId")) || null }, { status: 400 });
    if (intent === "remove") {
      await removeMembership(db, { actor, userId, membershipId: parsed.data.membershipId });
      return redirect(`/beheer/gebruikers/${userId}?ontkoppeld`);
    }
    if (intent === "role") {
      await changeMembershipRole(db, { actor, userId, ...parsed.data });
      return redirect(`/beheer/gebruikers/${userId}?rol-gewijzigd`);
    }
    return data({ error: "Onbekende handeling.", membershipId: null }, { status: 400 });
  } catch (error) {
    if (error instanceof UserAdminError)
      return data({ error: error.message, membershipId: Number(formData.get("membershipId")) || null }, { status: 409 });
    throw error;
  }
}

const NOTICES: Record<string, string> = {
  uitgeschakeld: "De gebruiker is uitgeschakeld en overal uitgelogd.",
  ingeschakeld: "De gebruiker kan weer inloggen.",
  ontkoppeld: "De koppeling met de organisatie is verwijderd.",
  "rol-gewijzigd": "De rol is gewijzigd.",
  "mfa-gereset":
    "De tweestapsverificatie is uitgezet en de gebruiker is uitgelogd. Bij de volgende keer inloggen stelt hij of zij de app opnieuw in.",
};

export default function AdminUser({ loaderData, actionData }: Route.ComponentProps) {
  const { user, memberships, activeSessions, mfa } = loaderData;
  const [searchParams] = useSearchParams();
  const notice = Object.keys(NOTICES).find((k) => searchParams.has(k));
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to="/beheer/gebruikers">Terug naar gebruikers</Link>
      </Paragraph>
      <Heading level={1}>{user.name}</Heading>
      {notice && !actionData ? <Alert type="ok">{NOTICES[notice]}</Alert> : null}
      {actionData?.error ? (
        <Alert type="error" id="gebruiker-fout">
          {actionData.error}
        </Alert>
      ) : null}
      <DataList
        items={[
          { key: "E-mailadres", value: user.email },
          { key: "Status", value: user.active ? "Actief" : "Uitgeschakeld: kan niet inloggen" },
          { key: "Account sinds", value: formatDateTime(user.created_at) },
          { key: "Laatst ingelogd", value: user.last_login_at ? formatDateTime(user.last_login_at) : "Nog nooit" },
          { key: "Nu ingelogd", value: activeSessions ? `Ja, ${activeSessions} ${activeSessions === 1 ? "sessie" : "sessies"}` : "Nee" },
          { key: "Tweestapsverificatie", value: mfa.enabled ? `Aan (${mfa.recoveryCodesLeft} herstelcodes over)` : "Uit" },
        ]}
      />
      <Heading level={2}>Organisaties en rollen</Heading>
      {memberships.length === 0 ? (
        <Paragraph>Deze gebruiker is aan geen organisatie gekoppeld en kan dus niets doen in het portaal.</Paragraph>
      ) : (
        <Table
          caption="De organisaties van deze gebruiker, met de rol per organisatie"
          head={
            <Tr>
              <Th>Organisatie</Th>
              <Th>Rol</Th>
              <Th>Koppeling verwijderen</Th>
            </Tr>
          }
        >
          {memberships.map((m) => (
            <Tr key={m.id}>
              <Td>
                <Link to={`/beheer/organisaties/${m.organisation_id}`}>{m.organisation_name}</Link>
              </Td>
              <Td>
                <Form method="post" className="mvoi-row-actions">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <label className="utrecht-form-label mvoi-visually-hidden" htmlFor={`rol-${m.id}`}>
                    Rol bij {m.organisation_name}
                  </label>
                  <select
                    id={`rol-${m.id}`}
                    name="role"
                    defaultValue={m.role}
                    className="utrecht-select utrecht-select--html-select"
                    aria-describedby={actionData?.membershipId === m.id ? "gebruiker-fout" : undefined}
                  >
                    {ASSIGNABLE_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                  <Button appearance="secondary" className="mvoi-small-button" aria-label={`Rol bij ${m.organisation_name} opslaan`}>
                    Rol opslaan
                  </Button>
                </Form>
              </Td>
              <Td>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <Button
                    appearance="secondary"
                    className="mvoi-small-button"
                    aria-label={`Koppeling met ${m.organisation_name} verwijderen`}
                  >
                    Verwijderen
                  </Button>
                </Form>
              </Td>
            </Tr>
          ))}
        </Table>
      )}
      <p className="mvoi-button-row">
        <ButtonLink to="/beheer/gebruikers/uitnodigen" appearance="secondary">
          Uitnodigen voor een andere organisatie
        </ButtonLink>
      </p>
      {mfa.enabled ? (
        <>
          <Heading level={2}>Tweestapsverificatie</Heading>
          <Paragraph>
            Is de telefoon met de app kwijt en zijn de herstelcodes op? Zet de tweestapsverificatie dan uit. De gebruiker wordt uitgelogd en
            stelt de app opnieuw in bij de volgende keer inloggen.
          </Paragraph>
          <Form method="post">
            <input type="hidden" name="intent" value="reset-mfa" />
            <Button appearance="secondary">Tweestapsverificatie uitzetten</Button>
          </Form>
        </>
      ) : null}
      <Heading level={2}>{user.active ? "Uitschakelen" : "Weer inschakelen"}</Heading>
      <Paragraph>
        {user.active
          ? "Een uitgeschakelde gebruiker wordt meteen overal uitgelogd en kan niet meer inloggen. Wat hij of zij deed, blijft bewaard."
          : "Na inschakelen kan de gebruiker weer inloggen."}
      </Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value={user.active ? "deactivate" : "activate"} />
        <Button appearance="secondary">{user.active ? "Gebruiker uitschakelen" : "Gebruiker inschakelen"}</Button>
      </Form>
    </div>
  );
}
