import { data, type RouterContextProvider } from "react-router";
import { requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { getPlanOverviewForReview } from "~/models/action-plan.server";
import { getOrganisationBySlug } from "~/models/organisation.server";

export const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/** The ministry's view of one organisation's plan (the layout has checked the role). */
export async function requireReviewPlan(args: { context: Readonly<RouterContextProvider>; request: Request; params: { slug?: string } }) {
  const user = requireUser(args.context, args.request);
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: args.params.slug ?? "" });
  if (!organisation) throw notFound();
  const overview = await getPlanOverviewForReview(db, { organisationId: organisation.id });
  if (!overview) throw notFound();
  const actor = { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip };
  return { db, user, organisation, overview, actor, base: `/ministerie/actieplannen/${organisation.slug}` };
}
