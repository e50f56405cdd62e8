import { data, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { currentUserContext, type CurrentUser } from "~/context";
import type { Audience } from "~/auth/permissions";
import { loadCurrentUser } from "~/auth/session.server";

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
