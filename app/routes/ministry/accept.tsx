import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/accept";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { requireUser } from "~/flows/guards.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { getDb } from "~/database/instance.server";
import { portalOrigin } from "~/mail/links.server";
import { checkBulkAcceptance, ReportTransitionError, reviewReport, type BulkCandidate, type BulkChoice } from "~/models/report.server";
import { checkBulkPlanAcceptance, PlanTransitionError, reviewPlan } from "~/models/action-plan.server";
import { listReportingYears } from "~/models/reporting-year.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.kind === "plan" ? "Actieplannen" : "Rapportages"} samen accepteren - Ministerie - MVOI-portaal` },
];

/**
 * This page serves reports (/ministerie/rapportages/accepteren, per year) and action plans
 * (/ministerie/actieplannen/accepteren): the same confirmation and the same checks, each document
 * through its own model.
 */
const kindOf = (request: Request): "plan" | "report" =>
  new URL(request.url).pathname.startsWith("/ministerie/actieplannen/") ? "plan" : "report";

const WORDS = {
  report: { one: "rapportage", many: "rapportages", that: "die", this: "deze", list: "/ministerie/rapportages" },
  plan: { one: "actieplan", many: "actieplannen", that: "dat", this: "dit", list: "/ministerie/actieplannen" },
} as const;

/** At most this many in one go (a page of the list holds 50). */
const MAX_CHOICES = 100;

/** The year and the chosen reports ("slug:version", as the list shows them); anything malformed is left out. */
async function readChoices(db: ReturnType<typeof getDb>, params: URLSearchParams | FormData) {
  const years = (await listReportingYears(db)).map((y) => y.year);
  const year = Number(params.get("jaar"));
  const choices: BulkChoice[] = [];
  for (const value of params.getAll("keuze").slice(0, MAX_CHOICES)) {
    const m = typeof value === "string" ? /^([a-z0-9-]{1,100}):(\d{1,6})$/.exec(value) : null;
    if (m) choices.push({ slug: m[1]!, number: Number(m[2]) });
  }
  return { year: years.includes(year) ? year : null, choices };
}

/** The chosen documents as they are now, each with why it cannot be accepted together (or null). */
async function check(db: ReturnType<typeof getDb>, kind: "report" | "plan", year: number | null, choices: BulkChoice[]) {
  if (kind === "plan") return checkBulkPlanAcceptance(db, { choices });
  return year ? checkBulkAcceptance(db, { year, choices }) : [];
}

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const kind = kindOf(request);
  const { year, choices } = await readChoices(db, new URL(request.url).searchParams);
  return { kind, year: kind === "plan" ? null : year, candidates: await check(db, kind, year, choices) };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const kind = kindOf(request);
  const { year, choices } = await readChoices(db, await request.formData());
  const candidates = await check(db, kind, year, choices);
  const ready = candidates.filter((c) => c.problem === null);
  // Checked again now: a document that changed since the confirmation page was shown is not accepted.
  const refused: BulkCandidate[] = candidates.filter((c) => c.problem !== null);
  if ((kind === "report" && !year) || ready.length === 0) {
    return data(
      {
        error: `Er is geen gekozen ${WORDS[kind].one} ${WORDS[kind].that} samen met andere kan worden geaccepteerd. Kies opnieuw in de lijst.`,
      },
      { status: 400 },
    );
  }
  // Each its own decision: its own transaction, audit entry and e-mail (reviewReport).
  const actor = { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip };
  let accepted = 0;
  for (const c of ready) {
    const decision = {
      actor,
      organisationId: c.organisationId,
      versionNumber: c.number,
      decision: "accept",
      origin: portalOrigin(request),
    } as const;
    try {
      if (kind === "plan") await reviewPlan(db, decision);
      else await reviewReport(db, { ...decision, year: year! });
      accepted++;
    } catch (error) {
      // Reviewed by someone else meanwhile (or a question asked since): left as it is.
      if (!(error instanceof ReportTransitionError) && !(error instanceof PlanTransitionError)) throw error;
      refused.push({ ...c, problem: "Dit is intussen veranderd." });
    }
  }
  deliverMailSoon();
  // The list says how many were accepted and which were not (each to be reviewed on its own page).
  const apart = refused.map((c) => c.slug).join(",");
  const list = kind === "plan" ? `${WORDS.plan.list}?` : `${WORDS.report.list}?jaar=${year}&`;
  return redirect(`${list}geaccepteerd=${accepted}${apart ? `&apart=${apart}` : ""}`);
}

export default function AcceptTogether({ loaderData, actionData }: Route.ComponentProps) {
  const { kind, year, candidates } = loaderData;
  const w = WORDS[kind];
  const ready = candidates.filter((c) => c.problem === null);
  const back =
    kind === "plan"
      ? `${w.list}?status=submitted&sorteer=status`
      : year
        ? `${w.list}?jaar=${year}&status=submitted&sorteer=status`
        : w.list;
  const pageOf = (slug: string) => (kind === "plan" ? `${w.list}/${slug}` : `${w.list}/${slug}/${year}`);
  const Many = w.many[0]!.toUpperCase() + w.many.slice(1);
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={back}>Terug naar de {w.many}</Link>
      </Paragraph>
      <Heading level={1}>
        {Many} samen accepteren{year ? ` (${year})` : ""}
      </Heading>
      {actionData?.error ? <Alert type="error">{actionData.error}</Alert> : null}

      {candidates.length === 0 ? (
        <Paragraph>
          U heeft geen {w.many} gekozen. Kies in de <Link to={back}>lijst van {w.many}</Link> de ingediende {w.many} die u samen wilt
          accepteren.
        </Paragraph>
      ) : (
        <>
          <Paragraph lead>
            Controleer de keuze.{" "}
            {kind === "plan"
              ? "Een actieplan met een vraag die niet is afgesloten, of dat veranderde nadat u de lijst opende, accepteert u apart op zijn eigen pagina."
              : "Een rapportage met een waarde die opvalt, met een vraag die niet is afgesloten, of die veranderde nadat u de lijst opende, accepteert u apart op haar eigen pagina."}
          </Paragraph>
          <Table
            stacked
            caption={`${candidates.length} gekozen ${candidates.length === 1 ? w.one : w.many}`}
            head={
              <Tr>
                <Th>Organisatie</Th>
                <Th>Versie</Th>
                <Th>Ingediend</Th>
                <Th>Samen accepteren</Th>
              </Tr>
            }
          >
            {candidates.map((c) => (
              <Tr key={c.slug} testId={`keuze-${c.slug}`}>
                <Th scope="row">{c.name}</Th>
                <Td label="Versie">{c.number}</Td>
                <Td label="Ingediend">{c.submittedAt ? formatDateTime(c.submittedAt) : "—"}</Td>
                <Td label="Samen accepteren">
                  {c.problem === null ? (
                    "Ja"
                  ) : (
                    <>
                      Nee. {c.problem} <Link to={pageOf(c.slug)}>Apart beoordelen</Link>
                    </>
                  )}
                </Td>
              </Tr>
            ))}
          </Table>
          {ready.length ? (
            <Form method="post" className="mvoi-form">
              {year ? <input type="hidden" name="jaar" value={year} /> : null}
              {ready.map((c) => (
                <input key={c.slug} type="hidden" name="keuze" value={`${c.slug}:${c.number}`} />
              ))}
              <Paragraph>
                {kind === "plan" ? "Elk actieplan" : "Elke rapportage"} wordt apart vastgelegd als geaccepteerd door u, en de organisatie
                krijgt er een e-mail over.
              </Paragraph>
              <Button>
                {ready.length === 1
                  ? `${w.this[0]!.toUpperCase()}${w.this.slice(1)} ${w.one} accepteren`
                  : `Deze ${ready.length} ${w.many} accepteren`}
              </Button>
            </Form>
          ) : (
            <Alert type="info">Geen van de gekozen {w.many} kan samen met andere worden geaccepteerd.</Alert>
          )}
        </>
      )}
    </div>
  );
}
