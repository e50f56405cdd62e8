import { NavLink, Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/auth/guards.server";

// The ministry's pages: reviewers, and administrators who support them.
export const middleware: Route.MiddlewareFunction[] = [requireAudience("ministry", "admin")];

export default function MinistryLayout() {
  return (
    <>
      <nav className="mvoi-subnav" aria-label="Ministerie">
        <ul className="mvoi-container mvoi-subnav__list">
          <li>
            <NavLink to="/ministerie" end>
              Ondertekenaars
            </NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/volledigheid">Volledigheid</NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/overzicht">Overzicht per sector</NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/trends">Trends</NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/kamerbrief">Cijfers Kamerbrief</NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/actieplannen">Actieplannen</NavLink>
          </li>
          <li>
            <NavLink to="/ministerie/rapportages">Jaarrapportages</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
