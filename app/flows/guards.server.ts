import { data, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { currentUserContext, endedSessionContext, requestInfoContext, type CurrentUser } from "~/context";
import { keepPostedInput, pageOf } from "~/flows/kept-input.server";
import { mfaRequired } from "~/flows/mfa.server";
import { homePathFor, type Audience } from "~/auth/permissions";
import { endSession, loadSessionState } from "~/flows/session.server";
import { getDb } from "~/database/instance.server";
import { recordAuditEvent } from "~/models/audit.server";
import { getActableOrganisation } from "~/models/organisation.server";

/** Root middleware: reads the session cookie once per request and puts the user in context. */
export const loadUserMiddleware: MiddlewareFunction<Response> = async ({ request, context }) => {
  const { user, endedForUserId } = await loadSessionState(request);
  context.set(currentUserContext, user);
  context.set(endedSessionContext, endedForUserId === null ? null : { userId: endedForUserId });
};

/** The path and query of this request, to come back to after logging in (checked again by safeRedirectPath). */
function targetOf(request: Request): string {
  const url = new URL(request.url);
  return encodeURIComponent(url.pathname + url.search);
}

function loginRedirect(request: Request): Response {
  return redirect(`/inloggen?redirectTo=${targetOf(request)}`);
}

/**
 * A form posted just after the session timed out: what it held is kept for this browser and user
 * (kept-input.server.ts), and the login page says so; afterwards the user comes back to the page.
 */
async function loginKeepingInput(request: Request, userId: number): Promise<Response> {
  const { outcome, setCookie } = await keepPostedInput(request, userId);
  const invoer = { kept: "bewaard", "kept-without-files": "bewaard-zonder-bestand", "too-large": "te-groot", unreadable: "te-groot" }[
    outcome
  ];
  return redirect(`/inloggen?redirectTo=${encodeURIComponent(pageOf(request))}&invoer=${invoer}`, {
    headers: setCookie ? { "Set-Cookie": setCookie } : undefined,
  });
}

/** The logged-in user; anonymous visitors are sent to the login page and come back afterwards. */
export function requireUser(context: Readonly<RouterContextProvider>, request: Request): CurrentUser {
  const user = context.get(currentUserContext);
  if (!user) throw loginRedirect(request);
  return user;
}

/** What a 403 answer carries for the error page (app/root.tsx). */
export type NoAccess = { message: string; user: { name: string; email: string; audiences: Audience[] }; home: string };

/**
 * Audience guard for a layout: anonymous -> login; logged in without this audience -> 403.
 * For the ministry and admin audiences the session must also have passed the second factor at
 * login, and the user must have MFA on right now (requireSecondFactor): a role given to someone
 * after a password-only login, or MFA turned off during the session, opens nothing.
 * Object-level checks (which organisation) happen again in every query.
 */
export function requireAudience(...allowed: Audience[]): MiddlewareFunction<Response> {
  return async ({ request, context }) => {
    const ended = context.get(endedSessionContext);
    if (!context.get(currentUserContext) && ended && request.method === "POST") throw await loginKeepingInput(request, ended.userId);
    const user = requireUser(context, request);
    const through = user.audiences.filter((audience) => allowed.includes(audience));
    if (through.length === 0) {
      // No loader runs after this: the page says who is logged in, and where they can go, itself.
      const who = { name: user.name, email: user.email, audiences: user.audiences };
      throw data({ message: "Geen toegang", user: who, home: homePathFor(user.audiences) } satisfies NoAccess, { status: 403 });
    }
    if (mfaRequired(through)) await requireSecondFactor(context, request, user);
  };
}

/**
 * The second factor, checked on every request to a ministry or admin page (not only at login):
 *   - the session's login passed it and MFA is on: go ahead;
 *   - the session's login passed it, but MFA was turned off since ("Opnieuw instellen"): set the
 *     app up again first, in this session;
 *   - a password-only session (a role given after the login, or a session from before the check
 *     was recorded): the session ends and the login starts again, which asks for the code, or
 *     for setting up the app when there is none.
 * Either way the user comes back to this page afterwards.
 */
async function requireSecondFactor(context: Readonly<RouterContextProvider>, request: Request, user: CurrentUser): Promise<void> {
  // Read with the session at the start of this request (loadCurrentUser): no query of its own.
  if (user.mfa.mfaPassedAt && user.mfa.userHasMfa) return;
  const db = getDb();
  const next = user.mfa.mfaPassedAt ? "setup" : "login";
  await recordAuditEvent(db, {
    action: "session.mfa_required",
    userId: user.id,
    userEmail: user.email,
    objectType: "user",
    objectId: user.id,
    result: "failure",
    ip: context.get(requestInfoContext).ip,
    detail: { next },
  });
  if (next === "setup") throw redirect(`/account/beveiliging/instellen?redirectTo=${targetOf(request)}`);
  throw redirect(`/inloggen?tweede-stap&redirectTo=${targetOf(request)}`, { headers: { "Set-Cookie": await endSession(user) } });
}

type ActableOrganisation = Awaited<ReturnType<typeof getActableOrganisation>>;
const actableByRequest = new WeakMap<object, Map<string, Promise<ActableOrganisation>>>();

/**
 * The organisation `slug` as the user may act for it (null when they may not), looked up once per
 * request: under /organisatie/:slug the layout's loader and the page's loader both check it, in
 * parallel, with the same request context. Anything but a GET or HEAD looks it up afresh.
 */
export function actableOrganisationOnce(
  context: Readonly<RouterContextProvider>,
  request: Request,
  args: { userId: number; slug: string },
): Promise<ActableOrganisation> {
  if (request.method !== "GET" && request.method !== "HEAD") return getActableOrganisation(getDb(), args);
  let memo = actableByRequest.get(context);
  if (!memo) actableByRequest.set(context, (memo = new Map()));
  const key = `${args.userId}:${args.slug}`;
  let found = memo.get(key);
  if (!found) memo.set(key, (found = getActableOrganisation(getDb(), args)));
  return found;
}
