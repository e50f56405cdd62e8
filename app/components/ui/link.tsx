import { useEffect, type ComponentPropsWithoutRef } from "react";
import { useLocation, useNavigate } from "react-router";

/**
 * The portal's internal links are plain anchors. Client-side navigation comes from one click
 * handler on the document (useClientNavigation, in the root layout), not from every link.
 *
 * React Router's <Link> and <NavLink> resolve their path with several hooks on every render. On
 * the server that cost about 30 µs per link; the sector overview has 72 of them, and its server
 * time fell by about a quarter without them (docs/performance.md). Every `to` in the portal is
 * a path from the root, so the anchor's href says all the click handler needs. Without
 * JavaScript, or before it has loaded, the anchor simply loads the page.
 */
export type AppLinkProps = Omit<ComponentPropsWithoutRef<"a">, "href"> & {
  to: string;
  /** Load the page in full instead (a file download, or a page that must start afresh). */
  reloadDocument?: boolean;
};

const CLIENT_NAV = "data-client-nav";
/** The marker attribute, for links written as HTML text (components/ministry/overview-table.ts). */
export const CLIENT_NAVIGATION_ATTRIBUTE = CLIENT_NAV;

export function AppLink({ to, reloadDocument, ...props }: AppLinkProps) {
  return <a href={to} {...(reloadDocument ? {} : { [CLIENT_NAV]: "" })} {...props} />;
}

/** Whether a menu item for `to` is the current page, as React Router's NavLink decides it. */
export function isCurrent(pathname: string, to: string, end = false): boolean {
  const target = to.toLowerCase().split(/[?#]/)[0]!;
  const here = pathname.toLowerCase();
  if (here === target) return true;
  if (end || !here.startsWith(target)) return false;
  return here.charAt(target !== "/" && target.endsWith("/") ? target.length - 1 : target.length) === "/";
}

/** A menu link: marked aria-current="page" on its own page (with `end`: only there, not below it). */
export function AppNavLink({ to, end, ...props }: AppLinkProps & { end?: boolean }) {
  const { pathname } = useLocation();
  return <AppLink to={to} aria-current={isCurrent(pathname, to, end) ? "page" : undefined} {...props} />;
}

/**
 * Whether a click on an anchor should become a client-side navigation: what React Router's <Link>
 * checks (a plain left click without modifier keys, not handled already, same window, no
 * download, same origin).
 */
export function clientNavigationTarget(event: MouseEvent, origin: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return null;
  const anchor = event.target instanceof Element ? event.target.closest(`a[${CLIENT_NAV}]`) : null;
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return null;
  const url = new URL(anchor.href);
  if (url.origin !== origin) return null;
  return url.pathname + url.search + url.hash;
}

/** Turns clicks on the portal's own links into client-side navigation (see AppLink). */
export function useClientNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const to = clientNavigationTarget(event, window.location.origin);
      if (to === null) return;
      event.preventDefault();
      const here = window.location.pathname + window.location.search + window.location.hash;
      // Like <Link>: a link to the page you are on replaces the history entry instead of adding one.
      void navigate(to, { replace: to === here });
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
