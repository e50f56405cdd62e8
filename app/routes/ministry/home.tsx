import { Form } from "react-router";
import type { Route } from "./+types/home";
import { FilterSelect } from "~/components/forms/filter-select";
import { Button } from "~/components/ui/button";
import { pageOf, Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { listPlansForReview } from "~/models/action-plan.server";
import { countOrganisationsBySector, listOrganisations } from "~/models/organisation.server";
import { KIND_LABELS, SECTOR_LABELS, SECTORS, sectorSchema, SIGNED_ITSELF } from "~/models/organisation.schema";
import { listReportsForYear } from "~/models/report.server";
import { documentsWithOpenQuestions } from "~/models/review-question.server";
import { currentReportingYear, listExtensions, listReportingYears } from "~/models/reporting-year.server";
import { formatDate, formatDateTime, todayInNL } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Ondertekenaars - Ministerie - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  // An unknown sector in the URL is ignored (all sectors), never an error.
  const sector = sectorSchema.safeParse(url.searchParams.get("sector")).data;
  const db = getDb();
  const [organisations, counts, queue] = await Promise.all([
    listOrganisations(db, { sector }),
    countOrganisationsBySector(db),
    workQueue(db),
  ]);
  const page = pageOf(organisations, request);
  return { organisations: page.items, page: page.page, pages: page.pages, shown: page.total, counts, sector: sector ?? null, queue };
}

/**
 * What waits for the ministry: reports and plans to review (the longest waiting first), those
 * returned and not yet submitted again, reports and plans past their due date without a
 * submission, and the extensions granted. Reports for the year that is open now (the newest year
 * that has opened).
 */
async function workQueue(db: ReturnType<typeof getDb>) {
  const today = todayInNL();
  const years = await listReportingYears(db);
  const year = currentReportingYear(years, today)?.year;
  const [reports, plans, extensions, questions] = await Promise.all([
    year ? listReportsForYear(db, { year, sort: "status" }) : [],
    listPlansForReview(db, { sort: "status" }),
    year ? listExtensions(db, { year }) : [],
    documentsWithOpenQuestions(db),
  ]);
  const waitingPlans = plans.filter((p) => p.status === "submitted");
  waitingPlans.sort((a, b) => (a.last_change ?? "").localeCompare(b.last_change ?? ""));
  return {
    year: year ?? null,
    waitingReports: reports.filter((r) => r.status === "submitted").map((r) => ({ slug: r.slug, name: r.name, at: r.submitted_at })),
    returnedReports: reports.filter((r) => r.status === "returned").length,
    lateReports: reports.filter((r) => r.late && !r.submitted).length,
    waitingPlans: waitingPlans.map((p) => ({ slug: p.slug, name: p.name, at: p.last_change })),
    returnedPlans: plans.filter((p) => p.status === "returned").length,
    latePlans: plans.filter((p) => p.overdue).length,
    extensions: extensions.length,
    questions,
  };
}

type Waiting = { slug: string; name: string; at: string | null };

/** The oldest few of a queue, each a link to its review page. */
function Oldest({ items, href }: { items: Waiting[]; href: (slug: string) => string }) {
  if (items.length === 0) return null;
  return (
    <ul className="utrecht-unordered-list">
      {items.slice(0, 5).map((i) => (
        <li className="utrecht-unordered-list__item" key={i.slug}>
          <Link to={href(i.slug)}>{i.name}</Link>
          {i.at ? <span className="mvoi-muted">, ingediend {formatDateTime(i.at)}</span> : null}
        </li>
      ))}
      {items.length > 5 ? <li className="utrecht-unordered-list__item">en nog {items.length - 5}</li> : null}
    </ul>
  );
}

const count = (n: number, one: string, more: string) => `${n} ${n === 1 ? one : more}`;

function WorkQueue({ queue }: { queue: Awaited<ReturnType<typeof workQueue>> }) {
  const { year } = queue;
  const reports = (query: string) => `/ministerie/rapportages?jaar=${year}&${query}`;
  return (
    <section aria-labelledby="werk-titel" className="mvoi-work-queue">
      <Heading level={2} id="werk-titel">
        Wat op u wacht
      </Heading>
      <div className="mvoi-work-queue__grid">
        {year ? (
          <div>
            <Heading level={3}>Jaarrapportages {year}</Heading>
            <Paragraph>
              <Link to={reports("status=submitted&sorteer=status")}>
                {count(queue.waitingReports.length, "rapportage wacht", "rapportages wachten")} op beoordeling
              </Link>
              {queue.waitingReports.length ? " (de langst wachtende eerst):" : "."}
            </Paragraph>
            <Oldest items={queue.waitingReports} href={(slug) => `/ministerie/rapportages/${slug}/${year}`} />
            <ul className="utrecht-unordered-list">
              <li className="utrecht-unordered-list__item">
                <Link to={reports("status=returned")}>
                  {count(queue.returnedReports, "teruggestuurde rapportage", "teruggestuurde rapportages")}
                </Link>{" "}
                nog niet opnieuw ingediend
              </li>
              <li className="utrecht-unordered-list__item">
                <Link to={reports("termijn=verstreken")}>{count(queue.lateReports, "organisatie", "organisaties")}</Link> met een verstreken
                termijn en nog geen rapportage
              </li>
              <li className="utrecht-unordered-list__item">
                <Link to={reports("termijn=uitstel")}>{count(queue.extensions, "organisatie kreeg", "organisaties kregen")}</Link> uitstel
                voor {year}
              </li>
            </ul>
          </div>
        ) : null}
        <div>
          <Heading level={3}>Actieplannen</Heading>
          <Paragraph>
            <Link to="/ministerie/actieplannen?status=submitted&sorteer=status">
              {count(queue.waitingPlans.length, "actieplan wacht", "actieplannen wachten")} op beoordeling
            </Link>
            {queue.waitingPlans.length ? " (de langst wachtende eerst):" : "."}
          </Paragraph>
          <Oldest items={queue.waitingPlans} href={(slug) => `/ministerie/actieplannen/${slug}`} />
          <ul className="utrecht-unordered-list">
            <li className="utrecht-unordered-list__item">
              <Link to="/ministerie/actieplannen?status=returned">
                {count(queue.returnedPlans, "teruggestuurd actieplan", "teruggestuurde actieplannen")}
              </Link>{" "}
              nog niet opnieuw ingediend
            </li>
            <li className="utrecht-unordered-list__item">
              <Link to="/ministerie/actieplannen?telaat=ja">{count(queue.latePlans, "organisatie", "organisaties")}</Link> met een
              verstreken termijn en nog geen actieplan
            </li>
          </ul>
        </div>
        <div>
          <Heading level={3}>Vragen over waarden</Heading>
          {queue.questions.length === 0 ? (
            <Paragraph>Er staan geen vragen open en er is niets gemarkeerd voor opvolging.</Paragraph>
          ) : (
            <>
              <Paragraph>
                {count(
                  queue.questions.reduce((n, d) => n + d.answered, 0),
                  "beantwoorde vraag wacht",
                  "beantwoorde vragen wachten",
                )}{" "}
                op u;{" "}
                {count(
                  queue.questions.reduce((n, d) => n + d.unanswered, 0),
                  "vraag is",
                  "vragen zijn",
                )}{" "}
                nog niet beantwoord.
              </Paragraph>
              <ul className="utrecht-unordered-list">
                {queue.questions.slice(0, 8).map((d) => (
                  <li className="utrecht-unordered-list__item" key={`${d.document}-${d.slug}-${d.year ?? ""}`}>
                    <Link
                      to={
                        d.document === "report"
                          ? `/ministerie/rapportages/${d.slug}/${d.year}#vragen`
                          : `/ministerie/actieplannen/${d.slug}#vragen`
                      }
                    >
                      {d.document === "report" ? `Rapportage ${d.year}` : "Actieplan"} van {d.name}
                    </Link>
                    <span className="mvoi-muted">
                      {`: ${[
                        d.answered ? `${d.answered} beantwoord` : "",
                        d.unanswered ? `${d.unanswered} nog niet beantwoord` : "",
                        d.followUp ? `${d.followUp} gemarkeerd voor opvolging` : "",
                      ]
                        .filter(Boolean)
                        .join(", ")}`}
                    </span>
                  </li>
                ))}
                {queue.questions.length > 8 ? <li className="utrecht-unordered-list__item">en nog {queue.questions.length - 8}</li> : null}
              </ul>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

export default function MinistryHome({ loaderData }: Route.ComponentProps) {
  const { organisations, counts, sector } = loaderData;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <div className="mvoi-container">
      <Heading level={1}>Ondertekenaars van het manifest</Heading>
      <Paragraph lead>
        {total} organisaties in het portaal. U kunt de gegevens van alle organisaties inzien; wijzigen doen de organisaties zelf.
      </Paragraph>
      <WorkQueue queue={loaderData.queue} />
      <Heading level={2}>Alle ondertekenaars</Heading>
      <Form method="get" className="mvoi-filter">
        <FilterSelect
          id="sector"
          label="Sector"
          value={sector ?? ""}
          options={[
            { value: "", label: `Alle sectoren (${total})` },
            ...SECTORS.map((s) => ({ value: s, label: `${SECTOR_LABELS[s]} (${counts.find((c) => c.sector === s)?.count ?? 0})` })),
          ]}
        />
        <Button appearance="secondary">Filter toepassen</Button>
      </Form>
      <Table
        caption={`${loaderData.shown} organisaties${sector ? ` in de sector ${SECTOR_LABELS[sector]}` : ""}${loaderData.pages > 1 ? ` (pagina ${loaderData.page} van ${loaderData.pages})` : ""}`}
        head={
          <Tr>
            <Th>Organisatie</Th>
            <Th>Soort</Th>
            <Th>Sector</Th>
            <Th>Getekend via</Th>
            <Th>Ondertekend</Th>
          </Tr>
        }
      >
        {organisations.map((o) => (
          <Tr key={o.id}>
            <Td>
              <Link to={`/ministerie/organisaties/${o.slug}`}>{o.name}</Link>
              {o.covers_count > 0 ? <span className="mvoi-muted"> (tekent ook voor {o.covers_count})</span> : null}
            </Td>
            <Td>{KIND_LABELS[o.kind]}</Td>
            <Td>{SECTOR_LABELS[o.sector]}</Td>
            <Td>{o.signed_via_name ?? SIGNED_ITSELF}</Td>
            <Td>{formatDate(o.signed_at)}</Td>
          </Tr>
        ))}
      </Table>
      <Pagination page={loaderData.page} pages={loaderData.pages} />
    </div>
  );
}
