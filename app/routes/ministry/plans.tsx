import { Form } from "react-router";
import { Lateness } from "~/components/document/lateness";
import { AcceptedTogether, ChooseCell } from "~/components/document/accept-together";
import type { Route } from "./+types/plans";
import { FilterSelect } from "~/components/forms/filter-select";
import { PlanStatusTag } from "~/components/document/status";
import { Button } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { PLAN_STATUS_LABELS } from "~/models/action-plan.schema";
import { listPlansForReview, type PlanListSort, type PlanListStatus } from "~/models/action-plan.server";
import { SECTOR_LABELS, SECTORS, sectorSchema } from "~/models/organisation.schema";
import { formatDate, formatDateTime } from "~/utils/time";
import { z } from "~/utils/zod";

export const meta: Route.MetaFunction = () => [{ title: "Actieplannen - Ministerie - MVOI-portaal" }];

const STATUSES: PlanListStatus[] = ["submitted", "returned", "draft", "accepted", "none"];
const SORTS: { value: PlanListSort; label: string }[] = [
  { value: "naam", label: "Naam" },
  { value: "uiterlijk", label: "Uiterste datum" },
  { value: "status", label: "Status (ter beoordeling eerst)" },
  { value: "gewijzigd", label: "Laatst gewijzigd" },
];

const filterSchema = z.object({
  sector: sectorSchema.optional().catch(undefined),
  status: z
    .enum(STATUSES as [PlanListStatus, ...PlanListStatus[]])
    .optional()
    .catch(undefined),
  sorteer: z.enum(["naam", "uiterlijk", "status", "gewijzigd"]).catch("naam"),
  telaat: z.literal("ja").optional().catch(undefined),
});

export async function loader({ request }: Route.LoaderArgs) {
  // Filters live in the URL; an unknown value is ignored, never an error.
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = filterSchema.parse(params);
  const plans = await listPlansForReview(getDb(), {
    sector: filters.sector,
    status: filters.status,
    overdueOnly: filters.telaat === "ja",
    sort: filters.sorteer,
  });
  const page = pageOf(plans, request);
  // After accepting several together: how many, and which were left to review on their own page.
  const url = new URL(request.url);
  const accepted = Number(url.searchParams.get("geaccepteerd"));
  const apart = (url.searchParams.get("apart") ?? "").split(",").slice(0, 100);
  return {
    accepted: url.searchParams.has("geaccepteerd") && Number.isSafeInteger(accepted) && accepted >= 0 ? accepted : null,
    apart: plans.filter((p) => apart.includes(p.slug)).map((p) => ({ slug: p.slug, name: p.name })),
    plans: page.items,
    page: page.page,
    pages: page.pages,
    total: page.total,
    waiting: plans.filter((p) => p.status === "submitted").length,
    filters,
  };
}

export default function MinistryPlans({ loaderData }: Route.ComponentProps) {
  const { plans, filters, waiting, total, accepted, apart } = loaderData;
  const choosable = plans.some((p) => p.status === "submitted");
  return (
    <div className="mvoi-container">
      <Heading level={1}>Actieplannen</Heading>
      {accepted !== null ? (
        <AcceptedTogether
          accepted={accepted}
          apart={apart}
          words={{ one: "actieplan", many: "actieplannen" }}
          hrefOf={(slug) => `/ministerie/actieplannen/${slug}`}
        />
      ) : null}
      <Paragraph lead>
        {waiting === 1 ? "1 plan wacht" : `${waiting} plannen wachten`} op beoordeling
        {filters.sector || filters.status || filters.telaat ? " (binnen dit filter)" : ""}.
      </Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="sector"
          label="Sector"
          value={filters.sector ?? ""}
          options={[{ value: "", label: "Alle sectoren" }, ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))]}
        />
        <FilterSelect
          id="status"
          label="Status"
          value={filters.status ?? ""}
          options={[{ value: "", label: "Alle statussen" }, ...STATUSES.map((s) => ({ value: s, label: PLAN_STATUS_LABELS[s] }))]}
        />
        <FilterSelect id="sorteer" label="Sorteren op" value={filters.sorteer} options={SORTS} />
        <div className="utrecht-form-field utrecht-form-field--checkbox mvoi-filter__checkbox">
          <div className="utrecht-form-field__input">
            <input
              type="checkbox"
              id="telaat"
              name="telaat"
              value="ja"
              defaultChecked={filters.telaat === "ja"}
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
          </div>
          <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
            <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor="telaat">
              Alleen te laat
            </label>
          </div>
        </div>
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      {/* Submitted plans can be chosen and accepted together, after a confirmation page (GET: nothing changes yet). */}
      <Form method="get" action="/ministerie/actieplannen/accepteren">
        <Table
          caption={`${total} organisaties${loaderData.pages > 1 ? ` (pagina ${loaderData.page} van ${loaderData.pages})` : ""}`}
          head={
            <Tr>
              {choosable ? <Th>Kiezen</Th> : null}
              <Th>Organisatie</Th>
              <Th>Sector</Th>
              <Th>Status</Th>
              <Th>Uiterlijk</Th>
              <Th>Laatst gewijzigd</Th>
            </Tr>
          }
        >
          {plans.map((p) => (
            <Tr key={p.organisation_id}>
              {choosable ? <ChooseCell row={p} /> : null}
              <Td>{p.status === "none" ? p.name : <Link to={`/ministerie/actieplannen/${p.slug}`}>{p.name}</Link>}</Td>
              <Td>{SECTOR_LABELS[p.sector]}</Td>
              <Td>
                <PlanStatusTag status={p.status} />
                {p.version ? ` (versie ${p.version})` : ""}
              </Td>
              <Td>
                {formatDate(p.due_date)}
                <Lateness late={p.overdue} submitted={false} />
              </Td>
              <Td>{p.last_change ? formatDateTime(p.last_change) : "—"}</Td>
            </Tr>
          ))}
        </Table>
        {choosable ? <Button appearance="secondary">Gekozen actieplannen samen accepteren</Button> : null}
      </Form>
      <Pagination page={loaderData.page} pages={loaderData.pages} />
    </div>
  );
}
