import { NavLink, Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/auth/guards.server";

export const middleware: Route.MiddlewareFunction[] = [requireAudience("admin")];

export default function AdminLayout() {
  return (
    <>
      <nav className="mvoi-subnav" aria-label="Beheer">
        <ul className="mvoi-container mvoi-subnav__list">
          <li>
            <NavLink to="/beheer" end>
              Overzicht
            </NavLink>
          </li>
          <li>
            <NavLink to="/beheer/organisaties">Organisaties</NavLink>
          </li>
          <li>
            <NavLink to="/beheer/gebruikers">Gebruikers</NavLink>
          </li>
          <li>
            <NavLink to="/beheer/jaren">Rapportagejaren</NavLink>
          </li>
          <li>
            <NavLink to="/beheer/catalogus">Vragenlijsten</NavLink>
          </li>
          <li>
            <NavLink to="/beheer/berichten">Berichten</NavLink>
          </li>
          <li>
            <NavLink to="/beheer/audit">Audittrail</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
