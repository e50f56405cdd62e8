import type { ReactNode } from "react";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { loadUserMiddleware, type NoAccess } from "~/flows/guards.server";
import { rateLimitMiddleware, retryAfterMiddleware, type RateLimitRefusal } from "~/flows/rate-limit.server";
import { currentUserContext } from "~/context";
import { pageOf, restoreInput } from "~/flows/kept-input.server";
import { SESSION_IDLE_MINUTES } from "~/models/session.server";
import { RestoredInputProvider, RestoredNotice } from "~/components/forms/restored-input";
import { SessionTimeoutLater } from "~/components/layout/session-timeout-later";
import { useNonce } from "~/components/layout/nonce";
import { SiteFooter } from "~/components/layout/site-footer";
import { SiteHeader } from "~/components/layout/site-header";
import { useClientNavigation } from "~/components/ui/link";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import tokensCss from "@rijkshuisstijl-community/design-tokens/dist/index.css?url";
import componentsCss from "@rijkshuisstijl-community/components-css/dist/index.css?url";
import appCss from "~/styles/app.css?url";

export const middleware: Route.MiddlewareFunction[] = [retryAfterMiddleware, rateLimitMiddleware, loadUserMiddleware];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: tokensCss },
  { rel: "stylesheet", href: componentsCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = context.get(currentUserContext);
  // A form posted after the session timed out, back on its page after logging in (once).
  const restored = user ? await restoreInput(request, user) : null;
  return {
    user: user ? { name: user.name, email: user.email, audiences: user.audiences } : null,
    sessionIdleSeconds: SESSION_IDLE_MINUTES * 60,
    restored: restored ? { ...restored, path: pageOf(request) } : null,
  };
}

/** A 403 answer from an audience guard (no loader ran): who is logged in, and their home. */
function noAccessOf(error: unknown): NoAccess | null {
  if (!isRouteErrorResponse(error) || error.status !== 403) return null;
  const data = error.data as Partial<NoAccess> | undefined;
  return data?.user && data.home ? (data as NoAccess) : null;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const noAccess = noAccessOf(useRouteError());
  const nonce = useNonce();
  useClientNavigation();
  return (
    <html lang="nl">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="rhc-theme utrecht-document mvoi-body">
        <a className="nl-skip-link nl-skip-link--visible-on-focus" href="#inhoud">
          Direct naar de inhoud
        </a>
        <SiteHeader user={data?.user ?? noAccess?.user ?? null} />
        <main id="inhoud" className="mvoi-main" tabIndex={-1}>
          <RestoredInputProvider value={data?.restored ?? null}>
            <RestoredNotice />
            {children}
          </RestoredInputProvider>
        </main>
        {data?.user ? <SessionTimeoutLater idleSeconds={data.sessionIdleSeconds} /> : null}
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Dutch messages for every failure; never a stack trace (React Router hides it in production). */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let title = "Er ging iets mis";
  let message: ReactNode = "Er is een fout opgetreden. Probeer het later opnieuw. Blijft het probleem? Neem dan contact op met PIANOo.";
  let home = { to: "/", label: "Naar de startpagina" };
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Pagina niet gevonden";
      message = "Deze pagina bestaat niet, of u heeft er geen toegang toe. Controleer het adres of ga naar de startpagina.";
    } else if (error.status === 403) {
      title = "Geen toegang";
      const noAccess = noAccessOf(error);
      message = noAccess ? (
        <>
          U bent ingelogd als {noAccess.user.name} ({noAccess.user.email}). Dit deel van het portaal is niet voor uw account. Denkt u dat
          dit niet klopt? Neem contact op met de beheerder.
        </>
      ) : (
        "U heeft geen toegang tot dit deel van het portaal. Denkt u dat dit niet klopt? Neem contact op met de beheerder."
      );
      home = noAccess ? { to: noAccess.home, label: "Naar uw eigen startpagina" } : home;
    } else if (error.status === 400) {
      title = "Wat u verstuurde kon niet worden gelezen";
      message = "Ga terug naar het formulier en verstuur het opnieuw.";
    } else if (error.status === 429 || error.status === 503) {
      // A rate limit (rate-limit.server.ts) or admission control refusing a navigation or a form
      // sent with JavaScript (app/server/admission.server.ts): the server words the message.
      title = "Even wachten";
      message = typeof error.data === "string" ? error.data : ((error.data as Partial<RateLimitRefusal> | undefined)?.message ?? message);
    } else if (error.status === 405) {
      title = "Dit kan niet";
      message = "Deze handeling is op deze pagina niet mogelijk.";
    }
  }
  return (
    <div className="mvoi-container">
      <title>{`${title} - MVOI-portaal`}</title>
      <Heading level={1}>{title}</Heading>
      <Paragraph>{message}</Paragraph>
      <Paragraph>
        <Link to={home.to}>{home.label}</Link>
      </Paragraph>
    </div>
  );
}
