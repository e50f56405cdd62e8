import { data, Outlet } from "react-router";
import { AppNavLink } from "~/components/ui/link";
import type { Route } from "./+types/organisation-layout";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { Link } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { setActingOrganisation } from "~/models/session.server";
import { recordAuditEvent } from "~/models/audit.server";
import { requestInfoContext } from "~/context";

/**
 * Everything under /organisatie/:slug is done on behalf of that organisation. The URL carries the
 * choice (so two tabs for two waterschappen cannot mix up), the session remembers the last one,
 * and a slug the user may not act for answers 404, exactly like one that does not exist.
 */
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const organisation = await actableOrganisationOnce(context, request, { userId: user.id, slug: params.slug });
  if (!organisation) throw data({ message: "Niet gevonden" }, { status: 404 });
  // Opening an organisation (from the list of one's organisations, a bookmark or a typed URL) is
  // choosing to act for it: remembered in the session. Switching from one organisation to another
  // within a session is also recorded in the audit log (the first one opened after logging in is
  // not a switch; every change that follows names the organisation it was made for anyway).
  if (user.actingOrganisationId !== organisation.id) {
    await setActingOrganisation(db, { idHash: user.sessionIdHash, organisationId: organisation.id });
    if (user.actingOrganisationId !== null) {
      await recordAuditEvent(db, {
        action: "acting_for.chosen",
        userId: user.id,
        userEmail: user.email,
        actingOrganisationId: organisation.id,
        objectType: "organisation",
        objectId: organisation.id,
        ip: context.get(requestInfoContext).ip,
        detail: { from_organisation_id: user.actingOrganisationId },
      });
    }
  }
  return { organisation, canSwitch: organisation.actableCount > 1 };
}

export default function OrganisationLayout({ loaderData }: Route.ComponentProps) {
  const { organisation, canSwitch } = loaderData;
  return (
    <>
      <div className="mvoi-acting-for" role="region" aria-label="U werkt namens">
        <div className="mvoi-container mvoi-acting-for__inner">
          <p>
            U werkt namens <strong data-testid="acting-for">{organisation.name}</strong>
            {organisation.signed_via_name ? <> (getekend via {organisation.signed_via_name})</> : null}
            {organisation.access === "read" ? <> · alleen lezen</> : null}
          </p>
          {canSwitch ? <Link to="/organisaties">Al uw organisaties</Link> : null}
        </div>
      </div>
      <nav className="mvoi-subnav mvoi-subnav--under-banner" aria-label={`Onderdelen voor ${organisation.name}`}>
        <ul className="mvoi-container mvoi-subnav__list">
          <li>
            <AppNavLink to={`/organisatie/${organisation.slug}`} end>
              Overzicht
            </AppNavLink>
          </li>
          <li>
            <AppNavLink to={`/organisatie/${organisation.slug}/actieplan`}>Actieplan</AppNavLink>
          </li>
          <li>
            <AppNavLink to={`/organisatie/${organisation.slug}/rapportages`}>Jaarrapportages</AppNavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
