import type { Route } from "./+types/file";
import { getPlanFile } from "~/models/action-plan.server";
import { planFileDownload } from "~/flows/download.server";
import { notFound, requirePlanContext } from "./plan.server";

/** The PDF of one version, for those who may act for the organisation. */
export async function loader(args: Route.LoaderArgs) {
  const { db, user, organisation } = await requirePlanContext(args);
  const number = Number(args.params.number);
  if (!Number.isSafeInteger(number)) throw notFound();
  const file = await getPlanFile(db, { userId: user.id, organisationId: organisation.id, versionNumber: number });
  const response = planFileDownload(file);
  if (!response) throw notFound();
  return response;
}
