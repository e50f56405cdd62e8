import { data, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { currentUserContext, type CurrentUser } from "~/context";
import type { Audience } from "~/auth/permissions";
import { loadCurrentUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { getActableOrganisation } from "~/models/organisation.server";

/** Root middleware: reads the session cookie once per request and puts the user in context. */
export const loadUserMiddleware: MiddlewareFunction<Response> = async ({ request, context }) => {
  context.set(currentUserContext, await loadCurrentUser(request));
};

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const target = url.pathname + url.search;
  return redirect(`/inloggen?redirectTo=${encodeURIComponent(target)}`);
}

/** The logged-in user; anonymous visitors are sent to the login page and come back afterwards. */
export function requireUser(context: Readonly<RouterContextProvider>, request: Request): CurrentUser {
  const user = context.get(currentUserContext);
  if (!user) throw loginRedirect(request);
  return user;
}

/**
 * Audience guard for a layout: anonymous -> login; logged in without this audience -> 403.
 * Object-level checks (which organisation) happen again in every query.
 */
export function requireAudience(...allowed: Audience[]): MiddlewareFunction<Response> {
  return async ({ request, context }) => {
    const user = requireUser(context, request);
    if (!user.audiences.some((audience) => allowed.includes(audience))) {
      throw data({ message: "Geen toegang" }, { status: 403 });
    }
  };
}

type ActableOrganisation = Awaited<ReturnType<typeof getActableOrganisation>>;
const actableByRequest = new WeakMap<object, Map<string, Promise<ActableOrganisation>>>();

/**
 * The organisation `slug` as the user may act for it (null when they may not), looked up once per
 * request: under /organisatie/:slug the layout's loader and the page's loader both check it, in
 * parallel, with the same request context. Anything but a GET or HEAD looks it up afresh.
 */
export function actableOrganisationOnce(context: Readonly<RouterContextProvider>, request: Request, args: { userId: number; slug: string }): Promise<ActableOrganisation> {
  if (request.method !== "GET" && request.method !== "HEAD") return getActableOrganisation(getDb(), args);
  let memo = actableByRequest.get(context);
  if (!memo) actableByRequest.set(context, (memo = new Map()));
  const key = `${args.userId}:${args.slug}`;
  let found = memo.get(key);
  if (!found) memo.set(key, (found = getActableOrganisation(getDb(), args)));
  return found;
}
