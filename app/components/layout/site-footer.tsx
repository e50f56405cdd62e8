import { AppLink } from "~/components/ui/link";

export function SiteFooter() {
  return (
    <footer className="rhc-page-footer mvoi-footer">
      <div className="mvoi-footer__content">
        <div>
          <p className="mvoi-footer__title">MVOI-portaal</p>
          <p>
            Actieplannen en jaarrapportages van de ondertekenaars van het Manifest Maatschappelijk Verantwoord Opdrachtgeven en Inkopen.
          </p>
        </div>
        <div>
          <p className="mvoi-footer__title">Over deze website</p>
          <ul className="mvoi-footer__links">
            <li>
              <AppLink to="/toegankelijkheid">Toegankelijkheid</AppLink>
            </li>
            <li>
              <a href="https://www.pianoo.nl/nl/themas/maatschappelijk-verantwoord-inkopen" rel="noopener noreferrer">
                PIANOo over maatschappelijk verantwoord inkopen
              </a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}
