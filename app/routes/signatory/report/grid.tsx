import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/grid";
import { ErrorSummary } from "~/components/forms/error-summary";
import { FilterSelect } from "~/components/forms/filter-select";
import { PlanStatusTag } from "~/components/document/status";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { loadGrid, saveGrid } from "~/models/report-grid.server";
import { importWorkbook, type ImportError } from "~/models/report-xlsx.server";
import { cellText, parseCell, REPORT_SECTIONS, UNIT_SUFFIX, type Answer, type ReportSection } from "~/models/report.rules";
import { notFound, reportError, requireReportContext } from "./report.server";
import { readForm } from "~/utils/read-form.server";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `Rapporteren voor de leden - Rapportage ${params.year} - MVOI-portaal` }];

const GRID_SECTIONS = REPORT_SECTIONS.filter((s) => s.key !== "voortgang" && s.key !== "kwalitatief");

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
  return { ...ctx, section, grid };
}

export async function loader(args: Route.LoaderArgs) {
  const { grid, section, year, base, organisation } = await gridContext(args);
  return {
    section,
    year,
    base,
    name: organisation.name,
    indicators: grid.indicators,
    rows: grid.rows.map((r) => ({
      ...r,
      cells: Object.fromEntries(grid.indicators.map((i) => [i.code, cellText(i, r.answers[i.code])])),
      previous: Object.fromEntries(grid.indicators.map((i) => [i.code, cellText(i, r.previous[i.code])])),
    })),
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, grid, section, year, actor, base, organisation } = await gridContext(args);
  const formData = await readForm(args.request);
  const none: Record<string, string> = {};
  const intent = formData.get("intent");
  // The grid's own save button sends no intent; the Excel form's button sends "upload".
  if (intent !== null && intent !== "save" && intent !== "upload") {
    return data({ errors: none, raw: none, formError: "Onbekende handeling. Kies Opslaan of Inlezen." }, { status: 400 });
  }
  if (intent === "upload") {
    const file = formData.get("bestand");
    if (!(file instanceof File) || file.size === 0) {
      return data(
        {
          errors: none,
          raw: none,
          formError: null,
          importErrors: [{ sheet: "", row: 0, column: "", message: "Kies het ingevulde Excel-bestand." }],
        },
        { status: 400 },
      );
    }
    const result = await importWorkbook(db, {
      actor,
      signatoryId: organisation.id,
      year,
      data: new Uint8Array(await file.arrayBuffer()),
    }).catch((error: unknown) => {
      const { message } = reportError(error);
      return { ok: false as const, errors: [{ sheet: "", row: 0, column: "", message }] };
    });
    if (!result.ok) return data({ errors: none, raw: none, formError: null, importErrors: result.errors }, { status: 400 });
    return redirect(`${base}/raster?onderdeel=${section}&ingelezen=${result.saved}`);
  }
  const errors: Record<string, string> = {};
  const raw: Record<string, string> = {};
  const rows: { organisationId: number; lockVersion: number | null; answers: Map<number, Answer | null> }[] = [];
  for (const row of grid.rows.filter((r) => r.editable)) {
    const answers = new Map<number, Answer | null>();
    let touched = false;
    for (const i of grid.indicators) {
      const name = `c.${row.organisationId}.${i.code}`;
      const cell = String(formData.get(name) ?? "").slice(0, 200);
      raw[name] = cell;
      if (cell !== cellText(i, row.answers[i.code])) touched = true;
      const { answer, error } = parseCell(i, cell);
      if (error) errors[name] = `${row.name}, ${i.label}: ${error}`;
      else answers.set(i.id, answer);
    }
    if (touched) rows.push({ organisationId: row.organisationId, lockVersion: row.lockVersion, answers });
  }
  if (Object.keys(errors).length) return data({ errors, raw, formError: null }, { status: 400 });
  try {
    await saveGrid(db, { actor, year, section, rows });
  } catch (error) {
    const { status, message } = reportError(error);
    return data({ errors, raw, formError: message }, { status });
  }
  return redirect(`${base}/raster?onderdeel=${section}&opgeslagen=${rows.length}`);
}

export default function ReportGrid({ loaderData, actionData }: Route.ComponentProps) {
  const { section, year, base, indicators, rows, name } = loaderData;
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("opgeslagen");
  const imported = searchParams.get("ingelezen");
  const importErrors: ImportError[] = actionData && "importErrors" in actionData ? (actionData.importErrors as ImportError[]) : [];
  const summary = [
    ...(actionData?.formError ? [{ message: actionData.formError }] : []),
    ...Object.entries(actionData?.errors ?? {}).map(([field, message]) => ({ message, href: `#${field}` })),
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
      {saved ? <Alert type="ok">Opgeslagen voor {saved === "1" ? "1 organisatie" : `${saved} organisaties`}.</Alert> : null}
      {imported ? <Alert type="ok">Het Excel-bestand is ingelezen ({imported} rijen met wijzigingen).</Alert> : null}
      {importErrors.length ? (
        <Alert type="error">
          <strong>Het Excel-bestand is niet ingelezen; er is niets gewijzigd.</strong> Verbeter het bestand en probeer het opnieuw:
          <ul className="utrecht-unordered-list">
            {importErrors.slice(0, 50).map((e, i) => (
              <li className="utrecht-unordered-list__item" key={i}>
                {e.sheet ? `Blad ${e.sheet}, rij ${e.row}${e.column ? `, kolom ${e.column}` : ""}: ` : ""}
                {e.message}
              </li>
            ))}
          </ul>
          {importErrors.length > 50 ? <p>En nog {importErrors.length - 50} fouten.</p> : null}
        </Alert>
      ) : null}
      <Paragraph>
        Vul per organisatie de waarden in, een onderdeel tegelijk. Typ <strong>onbekend</strong> als een waarde niet bekend is en{" "}
        <strong>nvt</strong> als de vraag niet van toepassing is. Alles wordt vastgelegd als ingevuld door u, namens de organisatie in de
        rij. Een rapportage die al is ingediend, kunt u hier niet wijzigen.
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
      <Heading level={2}>Met een Excel-bestand</Heading>
      <Paragraph>
        <a className="nl-link" href={`${base}/raster.xlsx`} download>
          Download het sjabloon voor alle onderdelen (Excel)
        </a>
        , vul het in en lees het hier in. Het portaal leest alles in of niets.
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
      <Heading level={2}>In het overzicht</Heading>
      <Form method="post" className="mvoi-form" noValidate key={JSON.stringify(rows.map((r) => r.lockVersion))}>
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
                    {i.label}
                    {UNIT_SUFFIX[i.unit] ? <span className="mvoi-muted"> ({UNIT_SUFFIX[i.unit]})</span> : null}
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
                  {indicators.map((i) => {
                    const name = `c.${r.organisationId}.${i.code}`;
                    const error = actionData?.errors?.[name];
                    return (
                      <td className="utrecht-table__cell mvoi-grid__cell" key={i.code}>
                        {r.editable ? (
                          <>
                            <input
                              id={name}
                              name={name}
                              type="text"
                              defaultValue={actionData?.raw?.[name] ?? r.cells[i.code]}
                              aria-label={`${r.name}: ${i.label}`}
                              aria-invalid={error ? true : undefined}
                              aria-describedby={error ? `${name}-fout` : undefined}
                              className={`utrecht-textbox utrecht-textbox--html-input mvoi-grid__input${error ? " utrecht-textbox--invalid" : ""}`}
                            />
                            {error ? (
                              <span className="utrecht-form-field__error-message mvoi-grid__error" id={`${name}-fout`}>
                                {error.split(": ").slice(1).join(": ")}
                              </span>
                            ) : null}
                          </>
                        ) : (
                          r.cells[i.code] || "—"
                        )}
                        {r.previous[i.code] ? <span className="mvoi-grid__previous">vorig jaar: {r.previous[i.code]}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Button>Opslaan</Button>
      </Form>
    </div>
  );
}
