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
import { listReportingYears } from "~/models/reporting-year.server";
import { formatDateTime } from "~/utils/time";

export const meta: Route.MetaFunction = () => [{ title: "Rapportages samen accepteren - Ministerie - MVOI-portaal" }];

/** At most this many reports in one go (a page of the list holds 50). */
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

export async function loader({ request }: Route.LoaderArgs) {
  const db = getDb();
  const { year, choices } = await readChoices(db, new URL(request.url).searchParams);
  const candidates = year ? await checkBulkAcceptance(db, { year, choices }) : [];
  return { year, candidates };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const { year, choices } = await readChoices(db, await request.formData());
  const candidates = year ? await checkBulkAcceptance(db, { year, choices }) : [];
  const ready = candidates.filter((c) => c.problem === null);
  // Checked again now: a report that changed since the confirmation page was shown is not accepted.
  const refused: BulkCandidate[] = candidates.filter((c) => c.problem !== null);
  if (!year || ready.length === 0) {
    return data(
      { error: "Er is geen gekozen rapportage die samen met andere kan worden geaccepteerd. Kies ze opnieuw in de lijst." },
      { status: 400 },
    );
  }
  // Each its own decision: its own transaction, audit entry and e-mail (reviewReport).
  const actor = { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip };
  let accepted = 0;
  for (const c of ready) {
    try {
      await reviewReport(db, {
        actor,
        organisationId: c.organisationId,
        year,
        versionNumber: c.number,
        decision: "accept",
        origin: portalOrigin(request),
      });
      accepted++;
    } catch (error) {
      // Reviewed by someone else meanwhile: left as it is.
      if (!(error instanceof ReportTransitionError)) throw error;
      refused.push({ ...c, problem: "Iemand anders heeft deze rapportage intussen beoordeeld." });
    }
  }
  deliverMailSoon();
  // The list says how many were accepted and which were not (each to be reviewed on its own page).
  const apart = refused.map((c) => c.slug).join(",");
  return redirect(`/ministerie/rapportages?jaar=${year}&geaccepteerd=${accepted}${apart ? `&apart=${apart}` : ""}`);
}

export default function AcceptReports({ loaderData, actionData }: Route.ComponentProps) {
  const { year, candidates } = loaderData;
  const ready = candidates.filter((c) => c.problem === null);
  const back = year ? `/ministerie/rapportages?jaar=${year}&status=submitted&sorteer=status` : "/ministerie/rapportages";
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={back}>Terug naar de rapportages</Link>
      </Paragraph>
      <Heading level={1}>Rapportages samen accepteren{year ? ` (${year})` : ""}</Heading>
      {actionData?.error ? <Alert type="error">{actionData.error}</Alert> : null}

      {candidates.length === 0 ? (
        <Paragraph>
          U heeft geen rapportages gekozen. Kies in de <Link to={back}>lijst van rapportages</Link> de ingediende rapportages die u samen
          wilt accepteren.
        </Paragraph>
      ) : (
        <>
          <Paragraph lead>
            Controleer de keuze. Een rapportage met een waarde die opvalt, of die veranderde nadat u de lijst opende, accepteert u apart op
            haar eigen pagina.
          </Paragraph>
          <Table
            stacked
            caption={`${candidates.length} gekozen ${candidates.length === 1 ? "rapportage" : "rapportages"}`}
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
                      Nee. {c.problem} <Link to={`/ministerie/rapportages/${c.slug}/${year}`}>Apart beoordelen</Link>
                    </>
                  )}
                </Td>
              </Tr>
            ))}
          </Table>
          {ready.length ? (
            <Form method="post" className="mvoi-form">
              <input type="hidden" name="jaar" value={year ?? ""} />
              {ready.map((c) => (
                <input key={c.slug} type="hidden" name="keuze" value={`${c.slug}:${c.number}`} />
              ))}
              <Paragraph>
                Elke rapportage wordt apart vastgelegd als geaccepteerd door u, en de organisatie krijgt er een e-mail over.
              </Paragraph>
              <Button>{ready.length === 1 ? "Deze rapportage accepteren" : `Deze ${ready.length} rapportages accepteren`}</Button>
            </Form>
          ) : (
            <Alert type="info">Geen van de gekozen rapportages kan samen met andere worden geaccepteerd.</Alert>
          )}
        </>
      )}
    </div>
  );
}
