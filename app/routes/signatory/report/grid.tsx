import { data, Form, redirect, useSearchParams, type ShouldRevalidateFunction } from "react-router";
import type { Route } from "./+types/grid";
import { useRestored } from "~/components/forms/restored-input";
import { ErrorSummary } from "~/components/forms/error-summary";
import { FilterSelect } from "~/components/forms/filter-select";
import { PlanStatusTag } from "~/components/document/status";
import { CellConflicts, type CellConflictView } from "~/components/report/cell-conflicts";
import { UploadPreview } from "~/components/report/upload-preview";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { answerOf, loadGrid, parseStamp, saveCells, stampOf, type CellEdit, type CellsOutcome } from "~/models/report-grid.server";
import { readWorkbook, type ImportError } from "~/models/report-xlsx.server";
import { cellText, GRID_SECTIONS, REPORT_SECTIONS, warningsFor, type ReportSection } from "~/models/report.rules";
import { headerWithUnit } from "~/models/report.units";
import { notFound, reportError, requireReportContext } from "./report.server";
import {
  conflictsToChoose,
  gridVersion,
  previewOf,
  readConflicts,
  readPreview,
  readRowStamps,
  signRowStamps,
  STALE_MESSAGE,
} from "./grid-cells.server";
import { readForm } from "~/utils/read-form.server";

/**
 * After every post the grid is read again, also when the answer is an error or a conflict (React
 * Router skips that by default for a 4xx): what is stored has changed when part of a save went
 * through, and the grid must show it, with stamps to match.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" || defaultShouldRevalidate;

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Rapporteren voor de leden - Rapportage ${params.year} - MVOI-portaal` }];

function sectionFrom(request: Request): ReportSection {
  const asked = new URL(request.url).searchParams.get("onderdeel");
  return GRID_SECTIONS.find((s) => s.key === asked)?.key ?? "algemeen";
}

async function gridContext(args: Route.LoaderArgs | Route.ActionArgs) {
  const ctx = await requireReportContext(args);
  if (ctx.organisation.access !== "write") throw notFound();
  const section = sectionFrom(args.request);
  const grid = await loadGrid(ctx.db, { userId: ctx.user.id, signatoryId: ctx.organisation.id, year: ctx.year, section });
  // Only an organisation that signed for others has a grid.
  if (grid.rows.length === 0) throw notFound();
  return { ...ctx, section, grid, where: { signatoryId: ctx.organisation.id, year: ctx.year, userId: ctx.user.id } };
}
type GridContext = Awaited<ReturnType<typeof gridContext>>;

export async function loader(args: Route.LoaderArgs) {
  const { grid, section, year, base, organisation, where } = await gridContext(args);
  const rows = grid.rows.map((r) => ({
    organisationId: r.organisationId,
    name: r.name,
    slug: r.slug,
    status: r.status,
    editable: r.editable,
    // The answers as shown, signed: a save writes only the cells changed since (grid-cells.server.ts).
    stamps: signRowStamps(
      { ...where, section, organisationId: r.organisationId },
      Object.fromEntries(grid.indicators.map((i) => [i.code, stampOf(r.answers[i.code])])),
    ),
    cells: Object.fromEntries(grid.indicators.map((i) => [i.code, cellText(i, r.answers[i.code])])),
    previous: Object.fromEntries(grid.indicators.map((i) => [i.code, cellText(i, r.previous[i.code])])),
    // A cell that deviates from last year (or is unusually high) asks for an explanation, as the form does.
    explanations: Object.fromEntries(
      grid.indicators.flatMap((i) => {
        const warning = warningsFor(i, r.answers[i.code], r.previous[i.code]).join(" ");
        const explanation = r.answers[i.code]?.explanation ?? "";
        return warning || explanation ? [[i.code, { warning, explanation }]] : [];
      }),
    ),
  }));
  return {
    section,
    year,
    base,
    name: organisation.name,
    indicators: grid.indicators.map((i) => ({ code: i.code, label: i.label, unit: i.unit })),
    rows,
    // Changes whenever a stored value does: the form is drawn afresh after a save.
    version: gridVersion(rows.map((r) => r.stamps)),
  };
}

const none: Record<string, string> = {};
/** A cell the user changed that could not be checked (the page's stamps did not verify): shown, not saved. */
type UnsavedCell = { organisation: string; question: string; value: string; explanation: string | null };
type GridFailure = {
  kind: "grid";
  errors: Record<string, string>;
  raw: Record<string, string>;
  stamps: Record<string, string>;
  formError: string | null;
  unsaved?: UnsavedCell[];
};
const gridFailure = (failure: Omit<GridFailure, "kind">, status: number) => data({ kind: "grid" as const, ...failure }, { status });

/** Conflicts mean: the rest is saved, these cells wait for the user's choice (409). */
function conflictsPage(ctx: GridContext, outcome: CellsOutcome, choiceMissing = false) {
  return data(
    { kind: "conflicts" as const, ...conflictsToChoose(ctx.where, outcome.conflicts), saved: outcome.saved, choiceMissing },
    { status: 409 },
  );
}

export async function action(args: Route.ActionArgs) {
  const ctx = await gridContext(args);
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  try {
    // The grid's own save button sends no intent (Enter in a cell submits it too).
    if (intent === null || intent === "save") return await saveFromGrid(ctx, formData);
    if (intent === "conflicten") return await chooseOnConflicts(ctx, formData);
    if (intent === "upload") return await previewUpload(ctx, formData);
    if (intent === "bevestigen") return await confirmUpload(ctx, formData);
  } catch (error) {
    const { status, message } = reportError(error);
    return gridFailure({ errors: none, raw: none, stamps: none, formError: message }, status);
  }
  return gridFailure({ errors: none, raw: none, stamps: none, formError: "Onbekende handeling. Kies Opslaan of Inlezen." }, 400);
}

async function saveFromGrid(ctx: GridContext, formData: FormData) {
  const { db, grid, section, year, actor, base, where } = ctx;
  const errors: Record<string, string> = {};
  const raw: Record<string, string> = {};
  const stamps: Record<string, string> = {};
  const edits: CellEdit[] = [];
  // Cells whose row came without valid stamps: what the user read is unknown, so nothing is saved
  // and their input is listed for them to enter again on the fresh grid.
  const unsaved: UnsavedCell[] = [];
  // Every row, also one submitted since the page was shown: saveCells says that it was.
  for (const row of grid.rows) {
    const o = row.organisationId;
    // Only the cells the post names: a row or cell left out is not touched.
    const sent = grid.indicators.filter((i) => formData.has(`c.${o}.${i.code}`) || formData.has(`t.${o}.${i.code}`));
    if (sent.length === 0) continue;
    const posted = formData.get(`stempel.${o}`);
    const rowStamps = readRowStamps({ ...where, section, organisationId: o }, posted);
    if (rowStamps) stamps[o] = posted as string;
    for (const i of sent) {
      const stamp = rowStamps && i.code in rowStamps ? parseStamp(rowStamps[i.code]) : undefined;
      // A cell without its value in the post keeps the value the user read.
      const text = formData.has(`c.${o}.${i.code}`)
        ? String(formData.get(`c.${o}.${i.code}`)).slice(0, 200)
        : cellText(i, stamp === undefined ? row.answers[i.code] : answerOf(stamp));
      const explanation = formData.has(`t.${o}.${i.code}`) ? String(formData.get(`t.${o}.${i.code}`)).slice(0, 2000) : undefined;
      if (stamp === undefined) {
        const stored = row.answers[i.code];
        if (text.trim() !== cellText(i, stored) || (explanation !== undefined && explanation.trim() !== (stored?.explanation ?? ""))) {
          unsaved.push({ organisation: row.name, question: i.label, value: text, explanation: explanation ?? null });
        }
        continue;
      }
      raw[`c.${o}.${i.code}`] = text;
      if (explanation !== undefined) raw[`t.${o}.${i.code}`] = explanation;
      edits.push({ organisationId: o, code: i.code, text, explanation, stamp });
    }
  }
  if (unsaved.length) return gridFailure({ errors, raw: none, stamps: none, formError: STALE_MESSAGE, unsaved }, 400);
  const outcome = await saveCells(db, { actor, signatoryId: where.signatoryId, year, edits, channel: "raster" });
  if (outcome.errors.length) {
    for (const e of outcome.errors) errors[`c.${e.organisationId}.${e.code}`] = `${e.organisation}, ${e.question}: ${e.message}`;
    return gridFailure({ errors, raw, stamps, formError: null }, 400);
  }
  if (outcome.conflicts.length) return conflictsPage(ctx, outcome);
  return redirect(`${base}/raster?onderdeel=${section}&opgeslagen=${outcome.saved}`);
}

async function chooseOnConflicts(ctx: GridContext, formData: FormData) {
  const { db, year, actor, base, section, where } = ctx;
  const pending = readConflicts(where, formData.get("conflicten"));
  if (!pending) {
    const formError = "Uw keuzes zijn niet herkend en niet opgeslagen. Wijzig de waarden in het overzicht hieronder opnieuw en sla op.";
    return gridFailure({ errors: none, raw: none, stamps: none, formError }, 400);
  }
  const choices = pending.map((p) => ({ ...p, choice: formData.get(p.view.field) }));
  if (choices.some((c) => c.choice !== "mijn" && c.choice !== "opgeslagen")) {
    return data(
      {
        kind: "conflicts" as const,
        conflicts: pending.map((p) => p.view),
        token: String(formData.get("conflicten")),
        saved: 0,
        choiceMissing: true,
      },
      { status: 400 },
    );
  }
  const edits = choices.filter((c) => c.choice === "mijn").map((c) => c.keep);
  const outcome = await saveCells(db, { actor, signatoryId: where.signatoryId, year, edits, channel: "raster" });
  if (outcome.errors.length) {
    return gridFailure(
      {
        errors: none,
        raw: none,
        stamps: none,
        formError: outcome.errors.map((e) => `${e.organisation}, ${e.question}: ${e.message}`).join(" "),
      },
      409,
    );
  }
  if (outcome.conflicts.length) return conflictsPage(ctx, outcome);
  return redirect(`${base}/raster?onderdeel=${section}&gekozen=${outcome.changes.length}`);
}

const importFailure = (importErrors: ImportError[]) => data({ kind: "import" as const, importErrors }, { status: 400 });
/** Cells saveCells refused, as the upload's error list (by sheet; the row is the organisation's). */
const refusedCells = (outcome: CellsOutcome): ImportError[] =>
  outcome.errors.map((e) => ({ sheet: sheetOf(e.section), row: 0, column: "", message: `${e.organisation}, ${e.question}: ${e.message}` }));
const sheetOf = (section: ReportSection) => REPORT_SECTIONS.find((s) => s.key === section)!.title.split(":")[0]!;

async function previewUpload(ctx: GridContext, formData: FormData) {
  const { db, year, actor, where } = ctx;
  const file = formData.get("bestand");
  if (!(file instanceof File) || file.size === 0)
    return importFailure([{ sheet: "", row: 0, column: "", message: "Kies het ingevulde Excel-bestand." }]);
  const read = await readWorkbook(db, {
    userId: actor.userId,
    signatoryId: where.signatoryId,
    year,
    data: new Uint8Array(await file.arrayBuffer()),
  });
  if (!read.ok) return importFailure(read.errors);
  const outcome = await saveCells(db, { actor, signatoryId: where.signatoryId, year, edits: read.edits, channel: "excel", preview: true });
  if (outcome.errors.length) {
    return importFailure(refusedCells(outcome));
  }
  return data({ kind: "preview" as const, ...previewOf(where, outcome, read.edits) });
}

async function confirmUpload(ctx: GridContext, formData: FormData) {
  const { db, year, actor, base, section, where } = ctx;
  const edits = readPreview(where, formData.get("wijzigingen"));
  if (!edits)
    return importFailure([
      { sheet: "", row: 0, column: "", message: "Deze bevestiging is niet herkend. Lees het Excel-bestand opnieuw in." },
    ]);
  const outcome = await saveCells(db, { actor, signatoryId: where.signatoryId, year, edits, channel: "excel" });
  if (outcome.errors.length) {
    return importFailure(refusedCells(outcome));
  }
  if (outcome.conflicts.length) return conflictsPage(ctx, outcome);
  return redirect(`${base}/raster?onderdeel=${section}&ingelezen=${outcome.changes.length}`);
}

export default function ReportGrid({ loaderData, actionData }: Route.ComponentProps) {
  const { section, year, base, indicators, rows, name } = loaderData;
  const [searchParams] = useSearchParams();
  const saved = actionData ? null : searchParams.get("opgeslagen");
  const imported = actionData ? null : searchParams.get("ingelezen");
  const chosen = actionData ? null : searchParams.get("gekozen");
  const failed = actionData?.kind === "grid" ? actionData : null;
  const restored = useRestored();
  // A conflict choice or an upload's confirmation posted after the session timed out, back after
  // logging in: the signed field itself carries what the page shows (it is checked again on saving).
  const keptConflicts = actionData ? undefined : restored.value("conflicten");
  const keptPreview = actionData ? undefined : restored.value("wijzigingen");
  const conflicts =
    actionData?.kind === "conflicts"
      ? actionData
      : keptConflicts
        ? {
            conflicts: keptConflictViews(keptConflicts),
            token: keptConflicts,
            saved: 0,
            choiceMissing: false,
          }
        : null;
  const importErrors = actionData?.kind === "import" ? actionData.importErrors : [];
  const summary = [
    ...(failed?.formError ? [{ message: failed.formError }] : []),
    ...Object.entries(failed?.errors ?? {}).map(([field, message]) => ({ message, href: `#${field}` })),
  ];
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={base}>
          Terug naar de rapportage {year} van {name}
        </Link>
      </Paragraph>
      <Heading level={1}>Rapporteren voor de leden, {year}</Heading>
      <ErrorSummary errors={summary} />
      {saved ? (
        <Alert type="ok">
          {saved === "0"
            ? "Er is niets opgeslagen: er was geen waarde gewijzigd."
            : `Opgeslagen voor ${saved === "1" ? "1 organisatie" : `${saved} organisaties`}.`}
        </Alert>
      ) : null}
      {imported ? (
        <Alert type="ok">Het Excel-bestand is ingelezen: {imported === "1" ? "1 waarde" : `${imported} waarden`} opgeslagen.</Alert>
      ) : null}
      {chosen ? (
        <Alert type="ok">
          Uw keuzes zijn verwerkt.{" "}
          {chosen === "0"
            ? "De opgeslagen waarden zijn gehouden."
            : `${chosen === "1" ? "1 waarde" : `${chosen} waarden`} van u opgeslagen.`}
        </Alert>
      ) : null}
      {keptPreview ? (
        <Form method="post" className="mvoi-form">
          <input type="hidden" name="wijzigingen" value={keptPreview} />
          <Paragraph>
            U wilde de wijzigingen uit uw Excel-bestand opslaan ({keptCount(keptPreview)} waarden). Ze zijn nog niet opgeslagen. Het portaal
            controleert ze opnieuw.
          </Paragraph>
          <Button name="intent" value="bevestigen">
            Wijzigingen opslaan
          </Button>
        </Form>
      ) : null}
      {conflicts?.conflicts.length ? (
        <CellConflicts
          conflicts={conflicts.conflicts}
          token={conflicts.token}
          saved={conflicts.saved}
          choiceMissing={conflicts.choiceMissing}
        />
      ) : null}
      {importErrors.length ? (
        <Alert type="error">
          <strong>Het Excel-bestand is niet ingelezen; er is niets gewijzigd.</strong> Verbeter het bestand en probeer het opnieuw:
          <ul className="utrecht-unordered-list">
            {importErrors.slice(0, 50).map((e, i) => (
              <li className="utrecht-unordered-list__item" key={i}>
                {e.sheet ? `Blad ${e.sheet}${e.row ? `, rij ${e.row}` : ""}${e.column ? `, kolom ${e.column}` : ""}: ` : ""}
                {e.message}
              </li>
            ))}
          </ul>
          {importErrors.length > 50 ? <p>En nog {importErrors.length - 50} fouten.</p> : null}
        </Alert>
      ) : null}
      {failed?.unsaved?.length ? (
        <section aria-labelledby="niet-opgeslagen-titel">
          <Heading level={2} id="niet-opgeslagen-titel">
            Wat u had ingevuld (niet opgeslagen)
          </Heading>
          <ul className="utrecht-unordered-list">
            {failed.unsaved.map((u, i) => (
              <li className="utrecht-unordered-list__item" key={i}>
                {u.organisation}, {u.question}: {u.value || "(leeg)"}
                {u.explanation ? ` (toelichting: ${u.explanation})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {conflicts?.conflicts.length ? (
        <Paragraph>
          <Link to={`${base}/raster?onderdeel=${section}`}>Niet kiezen en terug naar het overzicht</Link> (deze waarden worden dan niet
          opgeslagen)
        </Paragraph>
      ) : actionData?.kind === "preview" ? (
        <UploadPreview
          changes={actionData.changes}
          conflicts={actionData.conflicts}
          token={actionData.token}
          back={`${base}/raster?onderdeel=${section}`}
        />
      ) : (
        <>
          <Paragraph>
            Vul per organisatie de waarden in, een onderdeel tegelijk. Typ <strong>onbekend</strong> als een waarde niet bekend is en{" "}
            <strong>nvt</strong> als de vraag niet van toepassing is. Alles wordt vastgelegd als ingevuld door u, namens de organisatie in
            de rij. Alleen de waarden die u wijzigt, worden opgeslagen. Een rapportage die al is ingediend, kunt u hier niet wijzigen.
          </Paragraph>
          <Form method="get" className="mvoi-filter">
            <FilterSelect
              id="onderdeel"
              label="Onderdeel"
              value={section}
              options={GRID_SECTIONS.map((s) => ({ value: s.key, label: s.title }))}
            />
            <Button appearance="secondary">Tonen</Button>
          </Form>
          <Heading level={2}>In het overzicht</Heading>
          <Form method="post" className="mvoi-form" noValidate key={loaderData.version}>
            {rows
              .filter((r) => r.editable)
              .map((r) => (
                <input
                  key={r.organisationId}
                  type="hidden"
                  name={`stempel.${r.organisationId}`}
                  value={failed?.stamps[r.organisationId] ?? restored.value(`stempel.${r.organisationId}`) ?? r.stamps}
                />
              ))}
            <div className="utrecht-table__container mvoi-table-scroll" role="region" aria-labelledby="raster-titel" tabIndex={0}>
              <table className="utrecht-table utrecht-table--html-table mvoi-grid">
                <caption className="utrecht-table__caption" id="raster-titel">
                  {REPORT_SECTIONS.find((s) => s.key === section)!.title}: een rij per organisatie, een kolom per vraag
                </caption>
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th scope="col" className="utrecht-table__header-cell">
                      Organisatie
                    </th>
                    {indicators.map((i) => (
                      <th scope="col" key={i.code} className="utrecht-table__header-cell mvoi-grid__head">
                        {headerWithUnit(i)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {rows.map((r) => (
                    <tr className="utrecht-table__row" key={r.organisationId}>
                      <th scope="row" className="utrecht-table__header-cell mvoi-grid__org">
                        <Link to={`/organisatie/${r.slug}/rapportage/${year}`}>{r.name}</Link>
                        <br />
                        <PlanStatusTag status={r.status} />
                      </th>
                      {indicators.map((i) => (
                        <GridCell
                          key={i.code}
                          organisation={r.name}
                          name={`c.${r.organisationId}.${i.code}`}
                          explanationName={`t.${r.organisationId}.${i.code}`}
                          label={i.label}
                          editable={r.editable}
                          value={
                            failed?.raw[`c.${r.organisationId}.${i.code}`] ??
                            restored.value(`c.${r.organisationId}.${i.code}`) ??
                            r.cells[i.code]!
                          }
                          explanation={r.explanations[i.code] ?? null}
                          postedExplanation={
                            failed?.raw[`t.${r.organisationId}.${i.code}`] ?? restored.value(`t.${r.organisationId}.${i.code}`)
                          }
                          error={failed?.errors[`c.${r.organisationId}.${i.code}`]}
                          previous={r.previous[i.code]!}
                        />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Button>Opslaan</Button>
          </Form>
          <Heading level={2}>Of met een Excel-bestand</Heading>
          <Paragraph>
            <a className="nl-link" href={`${base}/raster.xlsx`} download>
              Download het sjabloon voor alle onderdelen (Excel)
            </a>
            , vul het in en lees het hier in. U ziet eerst wat er verandert; er wordt pas iets opgeslagen als u dat bevestigt.
          </Paragraph>
          <Form method="post" encType="multipart/form-data" className="mvoi-filter">
            <div className="utrecht-form-field utrecht-form-field--file">
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="bestand">
                  Ingevuld Excel-bestand (.xlsx, hoogstens 2 MB)
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <input
                  type="file"
                  id="bestand"
                  name="bestand"
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                />
              </div>
            </div>
            <Button appearance="secondary" name="intent" value="upload">
              Inlezen
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}

function GridCell(props: {
  organisation: string;
  name: string;
  explanationName: string;
  label: string;
  editable: boolean;
  value: string;
  explanation: { warning: string; explanation: string } | null;
  postedExplanation: string | undefined;
  error: string | undefined;
  previous: string;
}) {
  const { name, error, explanation } = props;
  return (
    <td className="utrecht-table__cell mvoi-grid__cell">
      {props.editable ? (
        <>
          <input
            id={name}
            name={name}
            type="text"
            defaultValue={props.value}
            aria-label={`${props.organisation}: ${props.label}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${name}-fout` : undefined}
            className={`utrecht-textbox utrecht-textbox--html-input mvoi-grid__input${error ? " utrecht-textbox--invalid" : ""}`}
          />
          {error ? (
            <span className="utrecht-form-field__error-message mvoi-grid__error" id={`${name}-fout`}>
              {error.split(": ").slice(1).join(": ")}
            </span>
          ) : null}
          {explanation ? (
            <>
              {explanation.warning ? (
                <span className="mvoi-grid__warning" id={`${props.explanationName}-uitleg`}>
                  {explanation.warning} Geef een toelichting.
                </span>
              ) : null}
              <textarea
                name={props.explanationName}
                rows={2}
                defaultValue={props.postedExplanation ?? explanation.explanation}
                aria-label={`${props.organisation}: ${props.label}, toelichting`}
                aria-describedby={explanation.warning ? `${props.explanationName}-uitleg` : undefined}
                className="utrecht-textarea mvoi-grid__explanation"
              />
            </>
          ) : null}
        </>
      ) : (
        props.value || "—"
      )}
      {props.previous ? <span className="mvoi-grid__previous">vorig jaar: {props.previous}</span> : null}
    </td>
  );
}

/** The payload of a signed field (app/auth/signed.server.ts), to show it; the server checks the signature. */
function payloadOf(signed: string): unknown {
  try {
    const base64 = signed.split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))) as unknown;
  } catch {
    return null;
  }
}

const VIEW_KEYS = ["field", "organisation", "question", "then", "now", "mine", "changed"] as const;

/** The conflicts a kept choice form showed (grid-cells.server.ts signs them with the choice). */
function keptConflictViews(signed: string): CellConflictView[] {
  const payload = payloadOf(signed);
  if (!Array.isArray(payload)) return [];
  return payload.flatMap((p: unknown) => {
    const view = p && typeof p === "object" ? (p as { v?: unknown }).v : undefined;
    const ok = view && typeof view === "object" && VIEW_KEYS.every((k) => typeof (view as Record<string, unknown>)[k] === "string");
    return ok ? [view as CellConflictView] : [];
  });
}

/** How many changes a kept confirmation holds. */
function keptCount(signed: string): number {
  const payload = payloadOf(signed);
  return Array.isArray(payload) ? payload.length : 0;
}
