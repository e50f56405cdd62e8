import { Form } from "react-router";
import { Lateness } from "~/components/document/lateness";
import { z } from "~/utils/zod";
import { AcceptedTogether, ChooseCell } from "~/components/document/accept-together";
import type { Route } from "./+types/reports";
import { FilterSelect } from "~/components/forms/filter-select";
import { PlanStatusTag } from "~/components/document/status";
import { Button } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { PLAN_STATUS_LABELS } from "~/models/action-plan.schema";
import { FIGURE_ROW_LABELS } from "~/models/figures.labels";
import { SECTOR_LABELS, SECTORS } from "~/models/organisation.schema";
import { listReportsForYear, type ReportListSort } from "~/models/report.server";
import { listReportingYears } from "~/models/reporting-year.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Jaarrapportages - Ministerie - MVOI-portaal" }];

const STATUSES = ["submitted", "returned", "draft", "accepted", "none"] as const;
const SORTS: { value: ReportListSort; label: string }[] = [
  { value: "naam", label: "Naam" },
  { value: "status", label: "Status (ter beoordeling eerst)" },
  { value: "ingediend", label: "Laatst ingediend" },
];

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const years = await listReportingYears(db);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = z
    .object({
      jaar: z.coerce
        .number()
        .int()
        .refine((y) => years.some((r) => r.year === y))
        .catch(years[0]?.year ?? new Date().getFullYear()),
      sector: z
        .enum([...SECTORS, "koepel"])
        .optional()
        .catch(undefined),
      status: z.enum(STATUSES).optional().catch(undefined),
      termijn: z.enum(["verstreken", "uitstel"]).optional().catch(undefined),
      sorteer: z.enum(["naam", "status", "ingediend"]).catch("naam"),
    })
    .parse(params);
  const reports = await listReportsForYear(db, {
    year: filters.jaar,
    row: filters.sector,
    status: filters.status,
    deadline: filters.termijn === "verstreken" ? "passed" : filters.termijn === "uitstel" ? "extended" : undefined,
    sort: filters.sorteer,
  });
  const page = pageOf(reports, request);
  // After accepting several together: how many, and which were left to review on their own page.
  const accepted = Number(new URL(request.url).searchParams.get("geaccepteerd"));
  const apart = (new URL(request.url).searchParams.get("apart") ?? "").split(",").slice(0, 100);
  return {
    accepted: Number.isSafeInteger(accepted) && accepted >= 0 && new URL(request.url).searchParams.has("geaccepteerd") ? accepted : null,
    apart: reports.filter((r) => apart.includes(r.slug)).map((r) => ({ slug: r.slug, name: r.name })),
    reports: page.items,
    page: page.page,
    pages: page.pages,
    total: page.total,
    waiting: reports.filter((r) => r.status === "submitted").length,
    filters,
    years: years.map((y) => y.year),
  };
}

export default function MinistryReports({ loaderData }: Route.ComponentProps) {
  const { reports, filters, years, waiting, total, accepted, apart } = loaderData;
  const choosable = reports.some((r) => r.status === "submitted");
  return (
    <div className="mvoi-container">
      <Heading level={1}>Jaarrapportages {filters.jaar}</Heading>
      {accepted !== null ? (
        <AcceptedTogether
          accepted={accepted}
          apart={apart}
          words={{ one: "rapportage", many: "rapportages" }}
          hrefOf={(slug) => `/ministerie/rapportages/${slug}/${filters.jaar}`}
        />
      ) : null}
      <Paragraph lead>{waiting} rapportages wachten op beoordeling.</Paragraph>
      <Form method="get" className="mvoi-filter">
        <FilterSelect id="jaar" label="Jaar" value={filters.jaar} options={years.map((y) => ({ value: y, label: String(y) }))} />
        <FilterSelect
          id="sector"
          label="Sector"
          value={filters.sector ?? ""}
          options={[
            { value: "", label: "Alle sectoren" },
            ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] })),
            { value: "koepel", label: FIGURE_ROW_LABELS.koepel },
          ]}
        />
        <FilterSelect
          id="status"
          label="Status"
          value={filters.status ?? ""}
          options={[{ value: "", label: "Alle statussen" }, ...STATUSES.map((s) => ({ value: s, label: PLAN_STATUS_LABELS[s] }))]}
        />
        <FilterSelect
          id="termijn"
          label="Termijn"
          value={filters.termijn ?? ""}
          options={[
            { value: "", label: "Alle" },
            { value: "verstreken", label: "Verstreken, nog niet ingediend" },
            { value: "uitstel", label: "Met uitstel" },
          ]}
        />
        <FilterSelect id="sorteer" label="Sorteren op" value={filters.sorteer} options={SORTS} />
        <Button appearance="secondary">Toepassen</Button>
      </Form>
      {/* Submitted reports can be chosen and accepted together, after a confirmation page (GET: nothing changes yet). */}
      <Form method="get" action="/ministerie/rapportages/accepteren">
        <input type="hidden" name="jaar" value={filters.jaar} />
        <Table
          caption={`${total} organisaties${loaderData.pages > 1 ? ` (pagina ${loaderData.page} van ${loaderData.pages})` : ""}`}
          head={
            <Tr>
              {choosable ? <Th>Kiezen</Th> : null}
              <Th>Organisatie</Th>
              <Th>Sector</Th>
              <Th>Status</Th>
              <Th>Ingediend</Th>
            </Tr>
          }
        >
          {reports.map((r) => (
            <Tr key={r.organisation_id}>
              {choosable ? <ChooseCell row={r} /> : null}
              <Td>
                {r.status === "none" || r.status === "draft" ? (
                  r.name
                ) : (
                  <Link to={`/ministerie/rapportages/${r.slug}/${filters.jaar}`}>{r.name}</Link>
                )}
              </Td>
              <Td>{SECTOR_LABELS[r.sector]}</Td>
              <Td>
                <PlanStatusTag status={r.status} />
                {r.version && r.version > 1 ? ` (versie ${r.version})` : ""}
                <Lateness late={r.late} submitted={r.submitted} />
              </Td>
              <Td>{r.submitted_at ? formatDateTime(r.submitted_at) : "—"}</Td>
            </Tr>
          ))}
        </Table>
        {choosable ? <Button appearance="secondary">Gekozen rapportages samen accepteren</Button> : null}
      </Form>
      <Pagination page={loaderData.page} pages={loaderData.pages} />
    </div>
  );
}
