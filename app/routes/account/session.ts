import { data } from "react-router";
import type { Route } from "./+types/session";
import { currentUserContext } from "~/context";
import { requireUser } from "~/flows/guards.server";
import { getDb } from "~/database/instance.server";
import { SESSION_IDLE_MINUTES, touchSession } from "~/models/session.server";

/**
 * "Blijf ingelogd" (app/components/layout/session-timeout.tsx): a POST that counts as using the
 * session, so its 30 idle minutes start again. Answers JSON; 401 when the session has ended.
 */
export async function action({ context }: Route.ActionArgs) {
  const user = context.get(currentUserContext);
  if (!user) return data({ ok: false as const }, { status: 401, headers: { "Cache-Control": "no-store" } });
  await touchSession(getDb(), { idHash: user.sessionIdHash });
  return data({ ok: true as const, idleSeconds: SESSION_IDLE_MINUTES * 60 }, { headers: { "Cache-Control": "no-store" } });
}

/** Nothing to show: a GET leads nowhere (after the login, as every account page). */
export function loader({ context, request }: Route.LoaderArgs) {
  requireUser(context, request);
  return data({ message: "Deze pagina bestaat niet." }, { status: 404 });
}
