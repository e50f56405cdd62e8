import { Outlet } from "react-router";
import { AppNavLink } from "~/components/ui/link";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/flows/guards.server";

export const middleware: Route.MiddlewareFunction[] = [requireAudience("admin")];

export default function AdminLayout() {
  return (
    <>
      <nav className="mvoi-subnav" aria-label="Beheer">
        <ul className="mvoi-container mvoi-subnav__list">
          <li>
            <AppNavLink to="/beheer" end>
              Overzicht
            </AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/organisaties">Organisaties</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/gebruikers">Gebruikers</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/jaren">Rapportagejaren</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/catalogus">Vragenlijsten</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/berichten">Berichten</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/beheer/audit">Audittrail</AppNavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
