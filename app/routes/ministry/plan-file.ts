import type { Route } from "./+types/plan-file";
import { getPlanFile } from "~/models/action-plan.server";
import { planFileDownload } from "~/flows/download.server";
import { notFound, requireReviewPlan } from "./plan.server";

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, overview } = await requireReviewPlan(args);
  const number = Number(args.params.number);
  // The ministry sees submitted versions only; a draft is the organisation's work in progress.
  if (!overview.versions.some((v) => v.number === number && v.status !== "draft")) throw notFound();
  const file = await getPlanFile(db, { userId: null, organisationId: organisation.id, versionNumber: number });
  const response = planFileDownload(file);
  if (!response) throw notFound();
  return response;
}
