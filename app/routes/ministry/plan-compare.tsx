import type { Route } from "./+types/plan-compare";
import { PlanDiff } from "~/components/plan/plan-diff";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { diffPlans } from "~/models/action-plan.diff";
import { loadPlanDocument } from "~/models/action-plan.server";
import { reviewableVersion } from "~/models/counted-version.server";
import { notFound, requireReviewPlan } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Versies vergelijken - Ministerie - MVOI-portaal" }];

export async function loader(args: Route.LoaderArgs) {
  const { db, organisation, overview, base } = await requireReviewPlan(args);
  const url = new URL(args.request.url);
  // Drafts are the organisation's own work in progress: only submitted versions are compared.
  const find = (param: string) =>
    url.searchParams.get(param) ? reviewableVersion(overview.versions, url.searchParams.get(param)).version : undefined;
  const from = find("van");
  const to = find("naar");
  if (!from || !to) throw notFound();
  const changes = diffPlans(await loadPlanDocument(db, { versionId: from.id }), await loadPlanDocument(db, { versionId: to.id }));
  return { changes, from: from.number, to: to.number, base, name: organisation.name };
}

export default function MinistryPlanCompare({ loaderData }: Route.ComponentProps) {
  const { changes, from, to, base, name } = loaderData;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan van {name}</Link>
      </Paragraph>
      <Heading level={1}>
        Versie {from} en versie {to} vergeleken
      </Heading>
      <PlanDiff changes={changes} from={from} to={to} />
    </div>
  );
}
