import { Outlet } from "react-router";
import { AppNavLink } from "~/components/ui/link";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/flows/guards.server";

// The ministry's pages: reviewers, and administrators who support them.
export const middleware: Route.MiddlewareFunction[] = [requireAudience("ministry", "admin")];

export default function MinistryLayout() {
  return (
    <>
      <nav className="mvoi-subnav" aria-label="Ministerie">
        <ul className="mvoi-container mvoi-subnav__list">
          <li>
            <AppNavLink to="/ministerie" end>
              Ondertekenaars
            </AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/volledigheid">Volledigheid</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/overzicht">Overzicht per sector</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/trends">Trends</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/kamerbrief">Cijfers Kamerbrief</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/actieplannen">Actieplannen</AppNavLink>
          </li>
          <li>
            <AppNavLink to="/ministerie/rapportages">Jaarrapportages</AppNavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
