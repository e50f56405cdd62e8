import type { Route } from "./+types/compare";
import { PlanDiff } from "~/components/plan/plan-diff";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { diffPlans } from "~/models/action-plan.diff";
import { loadPlanDocument } from "~/models/action-plan.server";
import { notFound, requirePlanContext } from "./plan.server";

export const meta: Route.MetaFunction = () => [{ title: "Versies vergelijken - Actieplan MVOI - MVOI-portaal" }];

export async function loader(args: Route.LoaderArgs) {
  const { db, overview, base } = await requirePlanContext(args);
  const url = new URL(args.request.url);
  const find = (param: string) => overview?.versions.find((v) => String(v.number) === url.searchParams.get(param));
  const from = find("van");
  const to = find("naar");
  if (!from || !to) throw notFound();
  const changes = diffPlans(await loadPlanDocument(db, { versionId: from.id }), await loadPlanDocument(db, { versionId: to.id }));
  return { changes, from: from.number, to: to.number, base };
}

export default function PlanCompare({ loaderData }: Route.ComponentProps) {
  const { changes, from, to, base } = loaderData;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>Terug naar het actieplan</Link>
      </Paragraph>
      <Heading level={1}>
        Versie {from} en versie {to} vergeleken
      </Heading>
      <PlanDiff changes={changes} from={from} to={to} />
    </div>
  );
}
