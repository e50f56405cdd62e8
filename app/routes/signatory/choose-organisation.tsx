import { Form, redirect } from "react-router";
import type { Route } from "./+types/choose-organisation";
import { Lateness } from "~/components/document/lateness";
import { FilterSelect } from "~/components/forms/filter-select";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requireUser } from "~/flows/guards.server";
import { getDb } from "~/database/instance.server";
import { PLAN_STATUS_LABELS } from "~/models/action-plan.labels";
import { memberOverview, type MemberRow } from "~/models/member-overview.server";
import { MEMBER_FILTERS, MEMBER_SORTS, type MemberFilter } from "~/models/member-overview.labels";
import { formatDate } from "~/utils/time";
import { z } from "~/utils/zod";

export const meta: Route.MetaFunction = () => [{ title: "Uw organisaties - MVOI-portaal" }];

const FILTER_LABELS: Record<MemberFilter, string> = {
  ...PLAN_STATUS_LABELS,
  verstreken: "Termijn verstreken, nog niet ingediend",
  telaat: "Te laat (ingediend of niet)",
};
const SORT_LABELS: Record<(typeof MEMBER_SORTS)[number], string> = {
  naam: "Naam",
  werk: "Jaarrapportage: wat nog werk vraagt eerst",
  uiterlijk: "Uiterste datum rapportage",
};

// A value in the URL that is not one of the choices is ignored (no filter), never an error.
const filtersSchema = z.object({
  rapportage: z.enum(MEMBER_FILTERS).optional().catch(undefined),
  actieplan: z.enum(MEMBER_FILTERS).optional().catch(undefined),
  sorteer: z.enum(MEMBER_SORTS).catch("naam"),
});

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const overview = await memberOverview(getDb(), {
    userId: user.id,
    report: filters.rapportage,
    plan: filters.actieplan,
    sort: filters.sorteer,
  });
  // Someone who acts for one organisation only goes straight to it.
  if (overview.all.length === 1) throw redirect(`/organisatie/${overview.all[0]!.slug}`);
  const page = pageOf(overview.rows, request);
  const reports = overview.all.map((r) => r.report).filter((r) => r !== null);
  return {
    year: overview.year,
    rows: page.items,
    page: page.page,
    pages: page.pages,
    shown: page.total,
    total: overview.all.length,
    filters,
    counts: {
      expected: reports.length,
      done: reports.filter((r) => r.status === "submitted" || r.status === "accepted").length,
      returned: reports.filter((r) => r.status === "returned").length,
      overdue: reports.filter((r) => r.late && !r.submitted).length,
      extended: reports.filter((r) => r.extended).length,
    },
  };
}

const count = (n: number, one: string, more: string) => `${n} ${n === 1 ? one : more}`;

export default function YourOrganisations({ loaderData }: Route.ComponentProps) {
  const { year, rows, filters, counts, total, shown } = loaderData;
  const filtered = Boolean(filters.rapportage || filters.actieplan);
  const reportLink = (filter: MemberFilter) => `/organisaties?rapportage=${filter}`;
  return (
    <div className="mvoi-container">
      <Heading level={1}>Uw organisaties</Heading>
      <Paragraph lead>
        U werkt voor de organisaties hieronder: hun actieplan en hun jaarrapportages. Kies een organisatie om namens haar te werken. Alles
        wat u doet, wordt vastgelegd als gedaan door u namens die organisatie.
      </Paragraph>
      {total === 0 ? (
        <Alert type="info">U bent nog niet gekoppeld aan een organisatie. Vraag de beheerder om u toe te voegen.</Alert>
      ) : (
        <>
          {year ? (
            <section aria-labelledby="stand-titel">
              <Heading level={2} id="stand-titel">
                Jaarrapportage {year.year}
              </Heading>
              <Paragraph>
                In te dienen uiterlijk {formatDate(year.due_at)}, behalve bij uitstel. {counts.done} van {counts.expected} organisaties
                hebben hun rapportage ingediend.
              </Paragraph>
              <ul className="utrecht-unordered-list">
                <li className="utrecht-unordered-list__item">
                  <Link to={reportLink("verstreken")}>{count(counts.overdue, "organisatie", "organisaties")}</Link> met een verstreken
                  termijn en nog geen rapportage
                </li>
                <li className="utrecht-unordered-list__item">
                  <Link to={reportLink("returned")}>{count(counts.returned, "rapportage", "rapportages")}</Link> teruggestuurd door het
                  ministerie en nog niet opnieuw ingediend
                </li>
                <li className="utrecht-unordered-list__item">
                  {count(counts.extended, "organisatie kreeg", "organisaties kregen")} uitstel
                </li>
              </ul>
            </section>
          ) : null}
          <Form method="get" className="mvoi-filter" aria-label="Organisaties filteren en sorteren">
            {year ? (
              <FilterSelect
                id="rapportage"
                label={`Jaarrapportage ${year.year}`}
                value={filters.rapportage ?? ""}
                options={[{ value: "", label: "Alle" }, ...MEMBER_FILTERS.map((f) => ({ value: f, label: FILTER_LABELS[f] }))]}
              />
            ) : null}
            <FilterSelect
              id="actieplan"
              label="Actieplan"
              value={filters.actieplan ?? ""}
              options={[{ value: "", label: "Alle" }, ...MEMBER_FILTERS.map((f) => ({ value: f, label: FILTER_LABELS[f] }))]}
            />
            <FilterSelect
              id="sorteer"
              label="Sorteren op"
              value={filters.sorteer}
              options={MEMBER_SORTS.filter((s) => year || s === "naam").map((s) => ({ value: s, label: SORT_LABELS[s] }))}
            />
            <Button appearance="secondary">Toepassen</Button>
          </Form>
          <Table
            stacked
            caption={`${filtered ? `${shown} van ${total}` : total} organisaties${loaderData.pages > 1 ? ` (pagina ${loaderData.page} van ${loaderData.pages})` : ""}`}
            head={
              <Tr>
                <Th>Organisatie</Th>
                <Th>Actieplan</Th>
                {year ? <Th>Jaarrapportage {year.year}</Th> : null}
                {year ? <Th>Uiterlijk in te dienen</Th> : null}
              </Tr>
            }
          >
            {rows.map((r) => (
              <MemberTableRow key={r.id} row={r} year={year?.year ?? null} />
            ))}
          </Table>
          {rows.length === 0 ? <Paragraph>Geen organisaties met deze status.</Paragraph> : null}
          <Pagination page={loaderData.page} pages={loaderData.pages} />
        </>
      )}
    </div>
  );
}

function MemberTableRow({ row, year }: { row: MemberRow; year: number | null }) {
  // Each cell names its column on a phone, where the table is stacked.
  const base = `/organisatie/${row.slug}`;
  return (
    <Tr>
      <Th scope="row">
        <Link to={base}>{row.name}</Link>
      </Th>
      <Td label="Actieplan">
        <Link to={`${base}/actieplan`} aria-label={`Actieplan van ${row.name}: ${PLAN_STATUS_LABELS[row.plan.status]}`}>
          {PLAN_STATUS_LABELS[row.plan.status]}
        </Link>
        {row.plan.version && row.plan.version > 1 ? ` (versie ${row.plan.version})` : ""}
        <Lateness late={row.plan.late} submitted={row.plan.submitted} />
      </Td>
      {year ? (
        <Td label={`Jaarrapportage ${year}`}>
          {row.report ? (
            <>
              <Link
                to={`${base}/rapportage/${year}`}
                aria-label={`Jaarrapportage ${year} van ${row.name}: ${PLAN_STATUS_LABELS[row.report.status]}`}
              >
                {PLAN_STATUS_LABELS[row.report.status]}
              </Link>
              {row.report.version && row.report.version > 1 ? ` (versie ${row.report.version})` : ""}
              <Lateness late={row.report.late} submitted={row.report.submitted} />
            </>
          ) : (
            <span className="mvoi-muted">Hoeft over {year} niet te rapporteren</span>
          )}
        </Td>
      ) : null}
      {year ? (
        <Td label="Uiterlijk in te dienen">
          {row.report ? (
            <>
              {formatDate(row.report.due)}
              {row.report.extended ? <span className="mvoi-muted"> (uitstel)</span> : null}
            </>
          ) : (
            "—"
          )}
        </Td>
      ) : null}
    </Tr>
  );
}
