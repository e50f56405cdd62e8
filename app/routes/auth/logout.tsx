import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { endSession } from "~/flows/session.server";
import { currentUserContext, requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { recordAuditEvent } from "~/models/audit.server";

/** Logging out is a POST (a form in the header); a GET only leads back to the start page. */
export function loader() {
  return redirect("/");
}

export async function action({ context }: Route.ActionArgs) {
  const user = context.get(currentUserContext);
  if (user) {
    await recordAuditEvent(getDb(), {
      action: "logout",
      userId: user.id,
      userEmail: user.email,
      ip: context.get(requestInfoContext).ip,
    });
  }
  const setCookie = await endSession(user);
  return redirect("/inloggen?uitgelogd", { headers: { "Set-Cookie": setCookie } });
}
