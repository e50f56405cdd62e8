import { data, type RouterContextProvider } from "react-router";
import { requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";

/** The database and the administrator acting, as the models record them in the audit trail. */
export function adminActor(args: { context: Readonly<RouterContextProvider>; request: Request }) {
  const user = requireUser(args.context, args.request);
  return { db: getDb(), actor: { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip } };
}

/** A numeric id from the URL, or a Dutch 404. */
export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!value || !/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id)) throw data({ message: `${what} bestaat niet.` }, { status: 404 });
  return id;
}

export const notFound = (what: string) => data({ message: `${what} bestaat niet.` }, { status: 404 });
