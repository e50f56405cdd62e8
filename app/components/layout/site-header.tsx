import { Form } from "react-router";
import { AppNavLink } from "~/components/ui/link";
import type { Audience } from "~/auth/permissions";

export type HeaderUser = { name: string; email: string; audiences: Audience[] };

const NAV: Record<Audience, { to: string; label: string }> = {
  signatory: { to: "/organisaties", label: "Mijn organisaties" },
  ministry: { to: "/ministerie", label: "Ministerie" },
  admin: { to: "/beheer", label: "Beheer" },
};

/** The Rijkshuisstijl ribbon ("lint"): a vertical blue bar. */
function Ribbon() {
  return (
    <svg className="mvoi-ribbon" viewBox="0 0 44 88" width="44" height="88" aria-hidden="true" focusable="false">
      <rect width="44" height="88" fill="currentColor" />
    </svg>
  );
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="mvoi-header">
      <div className="mvoi-header__logo">
        <Ribbon />
        <span className="mvoi-header__logo-text">
          Ministerie van Infrastructuur
          <br />
          en Waterstaat
        </span>
      </div>
      <div className="rhc-nav-bar__container">
        <nav className="rhc-nav-bar mvoi-nav" aria-label="Hoofdmenu">
          <ul className="rhc-nav-bar__list">
            <li>
              <AppNavLink to="/" className="rhc-nav-bar__link rhc-nav-bar__heading" end>
                MVOI-portaal
              </AppNavLink>
            </li>
            {user?.audiences.map((audience) => (
              <li key={audience}>
                <AppNavLink to={NAV[audience].to} className="rhc-nav-bar__link">
                  {NAV[audience].label}
                </AppNavLink>
              </li>
            ))}
          </ul>
          <ul className="rhc-nav-bar__list rhc-nav-bar__list--end">
            {user ? (
              <>
                <li className="mvoi-nav__user">
                  <span className="rhc-visually-hidden">Ingelogd als </span>
                  {user.name}
                </li>
                <li>
                  <AppNavLink to="/account/beveiliging" className="rhc-nav-bar__link">
                    Beveiliging
                  </AppNavLink>
                </li>
                <li>
                  <Form method="post" action="/uitloggen" className="mvoi-nav__logout">
                    <button type="submit" className="rhc-nav-bar__link mvoi-nav__button">
                      Uitloggen
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <AppNavLink to="/inloggen" className="rhc-nav-bar__link">
                  Inloggen
                </AppNavLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
