import type SQLite from "better-sqlite3";
import ExcelJS from "exceljs";
import type { WorldSpec } from "./figures-world";

/**
 * The oracle of the figures' reconciliation test: the definitions of the ministry's figures
 * (docs/figures.md, issue 17) restated without any code from app/. Which organisations are in a
 * year's scope, which version of each report counts, report states and due dates come from this
 * file's own SQL on the database; every figure is recomputed from the raw values export
 * (waarden.csv) and compared, cell by cell, with what the pages and the other exports show.
 *
 * Each check adds a Discrepancy naming the page or export, year, basis, row, theme and figure.
 */

export type Basis = "geaccepteerd" | "ingediend";
export const BASES: Basis[] = ["geaccepteerd", "ingediend"];
export const SECTOR_ROWS = ["rijksoverheid", "provincies", "gemeenten", "waterschappen", "overig"] as const;
export const ROWS = [...SECTOR_ROWS, "koepel", "all"] as const;
export type Row = (typeof ROWS)[number];
export const ROW_LABELS: Record<Row, string> = {
  rijksoverheid: "Rijksoverheid",
  provincies: "Provincies",
  gemeenten: "Gemeenten",
  waterschappen: "Waterschappen",
  overig: "Overige organisaties",
  koepel: "Koepelorganisaties",
  all: "Alle sectoren",
};
export const THEME_LIST = [
  { code: "milieu", name: "Milieu en biodiversiteit", prefix: "milieu" },
  { code: "klimaat", name: "Klimaat", prefix: "klimaat" },
  { code: "circulair", name: "Circulair (inclusief biobased)", prefix: "circulair" },
  { code: "keten", name: "Ketenverantwoordelijkheid (Internationale Sociale Voorwaarden)", prefix: "keten" },
  { code: "diversiteit", name: "Diversiteit en Inclusie", prefix: "diversiteit" },
  { code: "social-return", name: "Social Return", prefix: "sr" },
] as const;
const STATE_WORDS: Record<string, string> = { value: "Waarde", unknown: "Onbekend", not_applicable: "Niet van toepassing" };
const STATUS_WORDS: Record<string, string> = { submitted: "Ingediend", accepted: "Geaccepteerd" };
const COUNTED: Record<Basis, string[]> = { geaccepteerd: ["accepted"], ingediend: ["submitted", "accepted"] };
const SMALL = (n: number) => n > 0 && n < 3;
/** An organisation without an umbrella to sign via, as every page and export names it. */
const SIGNED_ITSELF = "Zelf getekend";

/**
 * A stored UTC time as the Dutch clock shows it, to the second ("2026-03-31T14:05:00"), and its
 * offset ("+02:00"). Restated from the EU rule, not from Intl: summer time (UTC+2) runs from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, else UTC+1.
 */
export function dutchClock(iso: string): { clock: string; offset: string } {
  const ms = Math.floor(Date.parse(iso) / 1000) * 1000;
  const year = new Date(ms).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0, 1));
    return last.getTime() - last.getUTCDay() * 86_400_000;
  };
  const summer = ms >= lastSunday(2) && ms < lastSunday(9);
  return { clock: new Date(ms + (summer ? 2 : 1) * 3_600_000).toISOString().slice(0, 19), offset: summer ? "+02:00" : "+01:00" };
}

export type Discrepancy = { where: string; row?: string; theme?: string; figure: string; got: unknown; want: unknown };
export const formatDiscrepancy = (d: Discrepancy) =>
  `${d.where}${d.row ? ` rij=${d.row}` : ""}${d.theme ? ` thema=${d.theme}` : ""} figuur=${d.figure}: portaal ${JSON.stringify(d.got)}, orakel ${JSON.stringify(d.want)}`;

// Facts from the database (own SQL) ---------------------------------------------------------

type Organisation = {
  id: number;
  slug: string;
  name: string;
  kind: string;
  sector: string;
  active: number;
  signed_at: string | null;
  via: string | null;
};
type Version = {
  id: number;
  report_id: number;
  organisation_id: number;
  year: number;
  number: number;
  status: string;
  submitted_at: string | null;
};
type Indicator = {
  id: number;
  year: number;
  code: string;
  section: string;
  unit: string;
  part_of_code: string | null;
  show_share: number;
  continues_from_id: number | null;
  aggregation: string;
  choices: string | null;
};
type Value = { version_id: number; code: string; state: string; number_value: number | null; text_value: string | null };

export type Facts = {
  organisations: Organisation[];
  versions: Version[];
  indicators: Indicator[];
  dueOfYear: Map<number, string>;
  extensions: Map<string, string>;
  /** When each extension was granted (organisation:year). */
  extensionGranted: Map<string, string>;
  values: Map<number, Value[]>;
  today: string;
};

const dutchDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" });
const dutchDate = (instant: string) => dutchDay.format(new Date(instant));

export function readFacts(sqlite: SQLite.Database): Facts {
  const organisations = sqlite
    .prepare(
      "select o.id, o.slug, o.name, o.kind, o.sector, o.active, o.signed_at, via.name as via from organisation o left join organisation via on via.id = o.signed_via_id",
    )
    .all() as Organisation[];
  const versions = sqlite
    .prepare(
      "select v.id, v.report_id, r.organisation_id, r.year, v.number, v.status, v.submitted_at from report_version v join report r on r.id = v.report_id",
    )
    .all() as Version[];
  const indicators = sqlite
    .prepare("select id, year, code, section, unit, part_of_code, show_share, continues_from_id, aggregation, choices from indicator")
    .all() as Indicator[];
  const dueOfYear = new Map(
    (sqlite.prepare("select year, due_at from reporting_year").all() as { year: number; due_at: string }[]).map((r) => [r.year, r.due_at]),
  );
  const extensionRows = sqlite.prepare("select organisation_id, year, due_at, created_at from deadline_extension").all() as {
    organisation_id: number;
    year: number;
    due_at: string;
    created_at: string;
  }[];
  const extensions = new Map(extensionRows.map((r) => [`${r.organisation_id}:${r.year}`, r.due_at]));
  const extensionGranted = new Map(extensionRows.map((r) => [`${r.organisation_id}:${r.year}`, r.created_at]));
  const values = new Map<number, Value[]>();
  for (const v of sqlite
    .prepare(
      "select rv.version_id, i.code, rv.state, rv.number_value, rv.text_value from report_value rv join indicator i on i.id = rv.indicator_id",
    )
    .all() as Value[]) {
    let list = values.get(v.version_id);
    if (!list) values.set(v.version_id, (list = []));
    list.push(v);
  }
  return { organisations, versions, indicators, dueOfYear, extensions, extensionGranted, values, today: dutchDay.format(new Date()) };
}

const groupOf = (o: Organisation): Exclude<Row, "all"> => (o.kind === "koepelorganisatie" ? "koepel" : (o.sector as Exclude<Row, "all">));
const rowsOfGroup = (g: Exclude<Row, "all">): Row[] => (g === "koepel" ? ["koepel"] : [g, "all"]);
const inRow = (o: Organisation, row: Row) => rowsOfGroup(groupOf(o)).includes(row);

/** Active, and signed on or before 31 December of the year (or no signing date known). */
export const scopeOf = (f: Facts, year: number) =>
  f.organisations.filter((o) => o.active === 1 && (o.signed_at === null || o.signed_at <= `${year}-12-31`));

const inScope = (f: Facts, organisationId: number, year: number) => scopeOf(f, year).some((o) => o.id === organisationId);

/** Per in-scope organisation, the counted version of its report of the year for a basis. */
export function countedOf(f: Facts, year: number, basis: Basis): Map<number, Version> {
  const out = new Map<number, Version>();
  const scope = new Set(scopeOf(f, year).map((o) => o.id));
  for (const v of f.versions) {
    if (v.year !== year || !scope.has(v.organisation_id) || !COUNTED[basis].includes(v.status)) continue;
    const best = out.get(v.organisation_id);
    if (!best || v.number > best.number) out.set(v.organisation_id, v);
  }
  return out;
}

/** Umbrellas (they signed for others) are not expected to report themselves; a report they do file counts in their own row. */
const isExpected = (o: Organisation) => o.kind !== "koepelorganisatie";

/** Per row: how many organisations are expected (in scope, not umbrellas) and how many have a counted version. */
export function responseOf(f: Facts, year: number, basis: Basis): Record<Row, { expected: number; counted: number }> {
  const out = Object.fromEntries(ROWS.map((r) => [r, { expected: 0, counted: 0 }])) as Record<Row, { expected: number; counted: number }>;
  const counted = countedOf(f, year, basis);
  for (const o of scopeOf(f, year)) {
    for (const r of rowsOfGroup(groupOf(o))) {
      if (isExpected(o)) out[r].expected++;
      if (counted.has(o.id)) out[r].counted++;
    }
  }
  return out;
}

/** A row's response as the pages write it: "7 van 21", or where nobody is expected (the umbrellas) "1 rapportage" / "3 rapportages". */
export const responseText = (r: { expected: number; counted: number }) =>
  r.expected === 0 ? `${r.counted} ${r.counted === 1 ? "rapportage" : "rapportages"}` : `${r.counted} van ${r.expected}`;

export type CompletenessRow = {
  expected: number;
  none: number;
  draft: number;
  submitted: number;
  accepted: number;
  returned: number;
  late: number;
};

export type ReportState = {
  name: string;
  group: Exclude<Row, "all">;
  expected: boolean;
  status: "none" | "draft" | "submitted" | "accepted" | "returned";
  late: boolean;
};

/** Per organisation in scope: its report's state (the newest version's status) and whether it is late by its own due date (an umbrella never is). */
export function reportStatesOf(f: Facts, year: number): ReportState[] {
  return scopeOf(f, year).map((o) => {
    const state = reportStateOf(f, o.id, year);
    return { name: o.name, group: groupOf(o), expected: isExpected(o), status: state.status, late: isExpected(o) && state.late };
  });
}

/** One organisation's report of a year: the newest version's status, and lateness (first submission after its own due date, or none while that has passed). */
function reportStateOf(f: Facts, organisationId: number, year: number): Pick<ReportState, "status" | "late"> & { newest: Version | null } {
  const versions = f.versions.filter((v) => v.organisation_id === organisationId && v.year === year);
  const newest = versions.reduce<Version | null>((a, v) => (!a || v.number > a.number ? v : a), null);
  const due = f.extensions.get(`${organisationId}:${year}`) ?? f.dueOfYear.get(year)!;
  const submitted = versions.map((v) => v.submitted_at).filter((s): s is string => s !== null);
  const first = submitted.length ? submitted.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;
  const late = first ? dutchDate(first) > due : f.today > due;
  return { status: (newest?.status ?? "none") as ReportState["status"], late, newest };
}

/** Why a report is (not) late, in words: for a discrepancy's "orakel" side. */
export function lateReason(f: Facts, organisationId: number, year: number): string {
  const versions = f.versions
    .filter((v) => v.organisation_id === organisationId && v.year === year && v.submitted_at !== null)
    .sort((a, b) => a.number - b.number);
  const key = `${organisationId}:${year}`;
  const due = f.extensions.get(key) ?? f.dueOfYear.get(year)!;
  const granted = f.extensionGranted.get(key);
  const first = versions[0];
  const parts = [
    first ? `eerste indiening (versie ${first.number}) op ${dutchDate(first.submitted_at!)}` : "nooit ingediend",
    `uiterste datum ${due}${f.extensions.has(key) ? ` (uitstel, verleend ${granted?.slice(0, 10)}${first && granted && granted > first.submitted_at! ? ", na de eerste indiening" : ""})` : ""}`,
  ];
  const later = versions.filter((v) => v !== first && dutchDate(v.submitted_at!) > due);
  if (first && dutchDate(first.submitted_at!) <= due && later.length)
    parts.push(`versie ${later.map((v) => v.number).join(", ")} later ingediend, na die datum`);
  return parts.join("; ");
}

/**
 * Late as a page about one organisation should show it, for a year it is expected to report over;
 * for another year (signed later, or inactive) only this much is certain: a report that nobody
 * expected and nobody submitted is not late (null: either way).
 */
function lateFor(f: Facts, organisationId: number, year: number): boolean | null {
  if (!isExpected(f.organisations.find((o) => o.id === organisationId)!)) return false;
  if (inScope(f, organisationId, year)) return reportStateOf(f, organisationId, year).late;
  return f.versions.some((v) => v.organisation_id === organisationId && v.year === year && v.submitted_at !== null) ? null : false;
}

/**
 * Per row: how many organisations are expected, per report state, and late. An umbrella is not
 * expected: its row counts only the reports umbrellas did start (never late).
 */
export function completenessOf(f: Facts, year: number): Record<Row, CompletenessRow> {
  const out = Object.fromEntries(
    ROWS.map((r) => [r, { expected: 0, none: 0, draft: 0, submitted: 0, accepted: 0, returned: 0, late: 0 }]),
  ) as Record<Row, CompletenessRow>;
  for (const o of reportStatesOf(f, year)) {
    if (!o.expected && o.status === "none") continue;
    for (const r of rowsOfGroup(o.group)) {
      const c = out[r];
      if (o.expected) c.expected++;
      c[o.status]++;
      if (o.late) c.late++;
    }
  }
  return out;
}

// Parsing ------------------------------------------------------------------------------------

/** A CSV file as written for Dutch Excel: BOM, ";" separated, double quotes (doubled inside), CRLF. */
export function parseCsv(text: string): string[][] {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const rows: string[][] = [];
  let row: string[] = [];
  const n = text.length;
  while (i < n) {
    let cell: string;
    if (text[i] === '"') {
      // A quoted cell: up to the closing quote that is not doubled.
      let out = "";
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new Error("CSV: unclosed quote");
        out += text.slice(from, q);
        if (text[q + 1] === '"') {
          out += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cell = out;
    } else {
      let end = i;
      while (end < n && text[end] !== ";" && text[end] !== "\r" && text[end] !== "\n") end++;
      cell = text.slice(i, end);
      i = end;
    }
    row.push(cell);
    if (text[i] === ";") {
      i++;
      if (i === n) row.push("");
    } else {
      if (text[i] === "\r") i++;
      if (text[i] === "\n") i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

/** A sheet of an XLSX file as rows of cell values (null for empty). */
export async function readXlsx(buffer: ArrayBuffer): Promise<{ name: string; rows: (string | number | null)[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: (string | number | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (r, n) => {
      const values = (r.values as unknown[]).slice(1);
      rows[n - 1] = values.map((v) =>
        v === undefined || v === null
          ? null
          : typeof v === "number" || typeof v === "string"
            ? v
            : v instanceof Date
              ? // A date cell holds a clock time without a zone; read to the whole second (the serial number is a fraction of a day).
                new Date(Math.round(v.getTime() / 1000) * 1000).toISOString().slice(0, 19)
              : typeof v === "object" && v && "richText" in v
                ? (v as { richText: { text: string }[] }).richText.map((t) => t.text).join("")
                : String(v),
      );
    });
    return { name: sheet.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", nbsp: " " };
/** The text of a piece of HTML, as read: tags and React's comment markers dropped, entities decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<!--.*?-->/gs, "")
    .replace(/<br\s*\/?>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x27|#39|amp|lt|gt|quot|nbsp);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

const TAG_PATTERNS = new Map<string, RegExp>();

/** The inner HTML of the element that carries `attr="value"` (null when there is none), the start of the search at `from`. */
export function elementWith(html: string, attr: string, value: string, from = 0): { inner: string; end: number; start: number } | null {
  const at = html.indexOf(`${attr}="${value}"`, from);
  if (at < 0) return null;
  const open = html.lastIndexOf("<", at);
  const tag = /^<([a-zA-Z0-9]+)/.exec(html.slice(open))![1]!;
  const openEnd = html.indexOf(">", at) + 1;
  let depth = 1;
  let re = TAG_PATTERNS.get(tag);
  if (!re) TAG_PATTERNS.set(tag, (re = new RegExp(`<(/?)${tag}(?=[\\s>/])[^>]*?(/?)>`, "g")));
  re.lastIndex = openEnd;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (m[2] === "/") continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) return { inner: html.slice(openEnd, m.index), end: m.index + m[0].length, start: open };
  }
  throw new Error(`unclosed <${tag}> at ${attr}="${value}"`);
}

/** Every value of an attribute in the HTML that starts with a prefix. */
export function attributeValues(html: string, attr: string, prefix: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`${attr}="(${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^"]*)"`, "g");
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) out.push(m[1]!);
  return out;
}

/**
 * A figure in a piece of HTML: the text of the element with data-figure="name", and the text that
 * follows it up to the next figure, line break or end of its list item/cell (where its n and the
 * small-number mark are).
 */
export function figureIn(html: string, name: string): { text: string; after: string } | null {
  const el = elementWith(html, "data-figure", name);
  if (!el) return null;
  const rest = html.slice(el.end);
  const stop = rest.search(/data-figure=|<br|<\/dd>|<\/td>|<dt[\s>]|<\/li>/);
  // A following figure is cut at the start of its tag.
  const cut = stop < 0 ? rest.length : rest.startsWith("data-figure=", stop) ? rest.lastIndexOf("<", stop) : stop;
  const tail = rest.slice(0, Math.max(0, cut));
  return { text: textOf(el.inner), after: textOf(tail) };
}

// Numbers as the portal writes them (nl-NL) ----------------------------------------------------

const NO_VALUE = "geen waarde";
const parseInteger = (s: string) => (/^-?\d{1,3}(\.\d{3})*$/.test(s) ? Number(s.replace(/\./g, "")) : Number.NaN);
const parseEuro = (s: string) => (/^€ -?\d{1,3}(\.\d{3})*$/.test(s) ? Number(s.slice(2).replace(/\./g, "")) : Number.NaN);
function parsePercent(s: string, decimals: 0 | 1): number {
  const m = decimals ? /^(\d{1,3}(?:\.\d{3})*)(?:,(\d))?%$/.exec(s) : /^(\d{1,3}(?:\.\d{3})*)%$/.exec(s);
  return m ? Number(m[1]!.replace(/\./g, "")) + (m[2] ? Number(m[2]) / 10 : 0) : Number.NaN;
}
/** A CSV number (decimal comma), empty for none. */
const csvNumber = (s: string | undefined): number | null | string => {
  if (s === undefined || s === "") return null;
  return /^-?\d+(,\d+)?$/.test(s) ? Number(s.replace(",", ".")) : s;
};

const EPS = 1e-9;
/** A shown value against the exact one: rounded to `step` (0.5 either side; a tie may go either way). */
const close = (shown: number, exact: number, step: number) => Math.abs(shown - exact) <= step / 2 + EPS * Math.max(1, Math.abs(exact));
const same = (a: number, b: number) => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(b));

// Figures from the raw values export ----------------------------------------------------------

export type RawRow = Record<string, string>;

// The exports' headers as people read them (docs/figures.md), each column with the name this file
// uses for it: the checks read a row by those names.
const RAW_COLUMNS: [header: string, name: string][] = [
  ["Organisatie", "organisatie"],
  ["Sector", "sector"],
  ["Soort organisatie", "soort"],
  ["Rij in de overzichten", "rij"],
  ["Getekend via", "getekend_via"],
  ["Jaar", "jaar"],
  ["Versie", "versie"],
  ["Onderdeel", "onderdeel"],
  ["Code vraag", "vraag_code"],
  ["Vraag", "vraag"],
  ["Eenheid", "eenheid"],
  ["Waarde", "waarde"],
  ["Staat van het antwoord", "staat"],
  ["Status van de rapportage", "rapportstatus"],
  ["Ingediend op", "ingediend_op"],
];
export const RAW_HEADER = RAW_COLUMNS.map(([header]) => header).join(";");
const shareColumns = (what: string, name: string, unit: string): [string, string][] => [
  [`${what} met thema${unit}`, `${name}_met_thema`],
  [`${what} met thema: aantal organisaties`, `${name}_n`],
  [`Aandeel ${what.toLowerCase()} met thema (%)`, `${name}_aandeel_procent`],
  [`Aandeel ${what.toLowerCase()}: aantal organisaties`, `${name}_aandeel_n`],
  [`Aandeel ${what.toLowerCase()}: teller${unit}`, `${name}_toegepast_gepaard`],
  [`Aandeel ${what.toLowerCase()}: noemer${unit}`, `${name}_totaal_gepaard`],
  [`${what}: organisaties met onbekend`, `${name}_onbekend`],
  [`${what}: organisaties met niet van toepassing`, `${name}_nvt`],
];
const OVERVIEW_COLUMNS: [header: string, name: string][] = [
  ["Sector", "rij"],
  ["Thema", "thema"],
  ...shareColumns("Aanbestedingen", "aanbestedingen", ""),
  ...shareColumns("Contractwaarde", "waarde", " (euro)"),
  ...[1, 2, 3, 4, 5].map((step): [string, string] => [`Organisaties op stap ${step}`, `stap_${step}`]),
  ["Stappen: aantal organisaties", "stappen_n"],
  ["Klein aantal", "klein_aantal"],
];
export const OVERVIEW_HEADER = OVERVIEW_COLUMNS.map(([header]) => header).join(";");
export const COMPLETENESS_HEADER = "Jaar;Sector;Verwacht;Geen rapportage;Concept;Ingediend;Geaccepteerd;Teruggestuurd;Te laat";

/** A share question's figures over a row. */
export type ShareFigures = {
  sum: number | null;
  n: number;
  unknown: number;
  notApplicable: number;
  paired: number;
  pairedApplied: number;
  pairedTotal: number;
  /** applied / total * 100 over the organisations that gave both; null when none did or the total is 0. */
  share: number | null;
};
export type Cell = { any: boolean; tenders: ShareFigures; value: ShareFigures; steps: number[]; stepsN: number };

type OrgAnswers = { rij: string; answers: Map<string, { state: string; value: number | string | null }> };

/** The raw export's rows grouped per organisation (one counted version each). */
function byOrganisation(rows: RawRow[]): Map<string, OrgAnswers> {
  const out = new Map<string, OrgAnswers>();
  for (const r of rows) {
    let o = out.get(r.organisatie!);
    if (!o) out.set(r.organisatie!, (o = { rij: r.rij!, answers: new Map() }));
    const n = csvNumber(r.waarde);
    o.answers.set(r.vraag_code!, { state: r.staat!, value: n });
  }
  return out;
}

const ROW_OF_LABEL = new Map(Object.entries(ROW_LABELS).map(([k, v]) => [v, k as Row]));

/** Every cell of the overview (row × theme), recomputed from the raw export of that year and basis. */
export function overviewFrom(rows: RawRow[], f: Facts, year: number): Map<string, Cell> {
  const orgs = byOrganisation(rows);
  const partOf = (code: string) => f.indicators.find((i) => i.year === year && i.code === code)?.part_of_code ?? null;
  const out = new Map<string, Cell>();
  for (const row of ROWS) {
    const members = [...orgs.values()].filter((o) => {
      const g = ROW_OF_LABEL.get(o.rij);
      return row === "all" ? g !== undefined && g !== "koepel" && g !== "all" : g === row;
    });
    for (const t of THEME_LIST) {
      const share = (code: string): ShareFigures => {
        const total = partOf(code);
        const s: ShareFigures = { sum: null, n: 0, unknown: 0, notApplicable: 0, paired: 0, pairedApplied: 0, pairedTotal: 0, share: null };
        for (const o of members) {
          const a = o.answers.get(code);
          if (!a) continue;
          if (a.state === "Waarde") {
            s.sum = (s.sum ?? 0) + (a.value as number);
            s.n++;
            const tot = total ? o.answers.get(total) : undefined;
            if (tot?.state === "Waarde") {
              s.paired++;
              s.pairedApplied += a.value as number;
              s.pairedTotal += tot.value as number;
            }
          } else if (a.state === "Onbekend") s.unknown++;
          else if (a.state === "Niet van toepassing") s.notApplicable++;
        }
        s.share = s.paired > 0 && s.pairedTotal !== 0 ? (s.pairedApplied / s.pairedTotal) * 100 : null;
        return s;
      };
      const tendersCode = `${t.prefix}_aanbestedingen`;
      const valueCode = `${t.prefix}_waarde`;
      const steps = [0, 0, 0, 0, 0];
      for (const o of members) {
        const a = o.answers.get(`${t.prefix}_stap`);
        if (a?.state === "Waarde") steps[(a.value as number) - 1]!++;
      }
      const stepsN = steps.reduce((a, b) => a + b, 0);
      const any = stepsN > 0 || members.some((o) => o.answers.has(tendersCode) || o.answers.has(valueCode));
      out.set(`${row}:${t.code}`, { any, tenders: share(tendersCode), value: share(valueCode), steps, stepsN });
    }
  }
  return out;
}

// The checks ---------------------------------------------------------------------------------

export type Checker = { add: (d: Discrepancy) => void; list: Discrepancy[] };
export const newChecker = (): Checker => {
  const list: Discrepancy[] = [];
  return { list, add: (d) => list.push(d) };
};

/**
 * Checks the raw export (CSV already parsed, or the XLSX sheet) against the counted versions'
 * stored answers; returns its rows as records. The submission time is the Dutch clock to the
 * second: with its offset in CSV ("2026-03-31T14:05:00+02:00"), a date cell without a zone in XLSX
 * (read as "2026-03-31T14:05:00").
 */
export function checkRawExport(
  c: Checker,
  where: string,
  table: (string | number | null)[][],
  f: Facts,
  year: number,
  basis: Basis,
  format: "csv" | "xlsx",
): RawRow[] {
  const [title, header, ...body] = table;
  checkTitle(c, where, title, year, basis);
  const headerText = (header ?? []).join(";");
  if (headerText !== RAW_HEADER) {
    c.add({ where, figure: "kopregel", got: headerText, want: RAW_HEADER });
    return [];
  }
  const names = RAW_COLUMNS.map(([, name]) => name);
  const rows: RawRow[] = body
    .filter((r) => r.length > 1 || (r[0] !== "" && r[0] !== null && r[0] !== undefined))
    .map((r) =>
      Object.fromEntries(
        names.map((n, i) => [n, r[i] === null || r[i] === undefined ? "" : String(r[i]).replace(/^(-?\d+)\.(\d+)$/, "$1,$2")]),
      ),
    );

  // A choice is written as the form shows it: its label from the catalogue row, "Ja" / "Nee".
  const shownText = (year: number, a: Value) => {
    const unit = f.indicators.find((i) => i.year === year && i.code === a.code);
    if (unit?.unit === "yes_no") return ({ ja: "Ja", nee: "Nee" } as Record<string, string>)[a.text_value ?? ""] ?? a.text_value ?? "";
    if (unit?.unit === "choice" && unit.choices) {
      const options = JSON.parse(unit.choices) as { value: string; label: string }[];
      return options.find((o) => o.value === a.text_value)?.label ?? a.text_value ?? "";
    }
    return a.text_value ?? "";
  };
  const submittedText = (at: string | null) => {
    if (!at) return "";
    const { clock, offset } = dutchClock(at);
    return format === "csv" ? `${clock}${offset}` : clock;
  };
  // What it should hold: one row per stored answer of every counted version.
  const byId = new Map(f.organisations.map((o) => [o.id, o]));
  const want: string[] = [];
  for (const v of countedOf(f, year, basis).values()) {
    const o = byId.get(v.organisation_id)!;
    for (const a of f.values.get(v.id) ?? []) {
      const value = a.state === "value" ? (a.number_value !== null ? String(a.number_value).replace(".", ",") : shownText(year, a)) : "";
      want.push(
        [
          o.name,
          ROW_LABELS[groupOf(o)],
          o.via ?? SIGNED_ITSELF,
          year,
          v.number,
          a.code,
          value,
          STATE_WORDS[a.state],
          STATUS_WORDS[v.status],
          submittedText(v.submitted_at),
        ].join("|"),
      );
    }
  }
  const got = rows.map((r) =>
    [r.organisatie, r.rij, r.getekend_via, r.jaar, r.versie, r.vraag_code, r.waarde, r.staat, r.rapportstatus, r.ingediend_op].join("|"),
  );
  const missing = multisetMinus(want, got);
  const extra = multisetMinus(got, want);
  const fields = "organisatie|rij|getekend_via|jaar|versie|vraag_code|waarde|staat|rapportstatus|ingediend_op";
  for (const m of missing.slice(0, 5)) c.add({ where, figure: `ontbrekende regel (${fields})`, got: null, want: m });
  for (const m of extra.slice(0, 5)) c.add({ where, figure: `regel die er niet hoort (${fields})`, got: m, want: null });
  if (missing.length > 5 || extra.length > 5)
    c.add({ where, figure: "aantal afwijkende regels", got: `${extra.length} te veel`, want: `${missing.length} ontbreken` });
  return rows;
}

function multisetMinus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

function checkTitle(c: Checker, where: string, title: (string | number | null)[] | undefined, year: number, basis?: Basis) {
  const text = String(title?.[0] ?? "");
  const basisOk =
    basis === undefined || (basis === "ingediend" ? /ingediend/i.test(text) : /geaccepteerd/i.test(text) && !/ingediend/i.test(text));
  if (!text.includes(String(year)) || !basisOk || (title?.length ?? 0) > 1) {
    c.add({
      where,
      figure: "titelregel (jaar en databasis)",
      got: title?.join(";"),
      want: `een titel met ${year}${basis ? ` en ${basis}` : ""}`,
    });
  }
}

/** The overview export (CSV parsed, or the XLSX sheet) against the recomputed cells. */
export function checkOverviewExport(
  c: Checker,
  where: string,
  table: (string | number | null)[][],
  cells: Map<string, Cell>,
  year: number,
  basis: Basis,
) {
  const [title, header, ...body] = table;
  checkTitle(c, where, title, year, basis);
  const headerText = (header ?? []).join(";");
  if (headerText !== OVERVIEW_HEADER) {
    c.add({ where, figure: "kopregel", got: headerText, want: OVERVIEW_HEADER });
    return;
  }
  const rows = body.filter((r) => r.some((x) => x !== null && x !== ""));
  if (rows.length !== ROWS.length * THEME_LIST.length)
    c.add({ where, figure: "aantal regels", got: rows.length, want: ROWS.length * THEME_LIST.length });
  const names = OVERVIEW_COLUMNS.map(([, name]) => name);
  const seen = new Set<string>();
  for (const raw of rows) {
    const r = Object.fromEntries(names.map((n, i) => [n, typeof raw[i] === "string" ? csvNumber(raw[i]) : (raw[i] ?? null)]));
    const row = ROW_OF_LABEL.get(String(raw[0]));
    const theme = THEME_LIST.find((t) => t.name === raw[1]);
    if (!row || !theme) {
      c.add({ where, figure: "rij/thema", got: `${raw[0]};${raw[1]}`, want: "een rij- en themanaam uit de lijst" });
      continue;
    }
    const key = `${row}:${theme.code}`;
    if (seen.has(key)) c.add({ where, row, theme: theme.code, figure: "dubbele regel", got: "twee keer", want: "een keer" });
    seen.add(key);
    const cell = cells.get(key)!;
    const at = (figure: string, got: unknown, want: unknown, ok: boolean) =>
      ok || c.add({ where, row, theme: theme.code, figure, got, want });
    const exact = (col: string, want: number | null) => {
      const got = r[col];
      at(col, got ?? "(leeg)", want ?? "(leeg)", want === null ? got === null : typeof got === "number" && same(got, want));
    };
    const percent = (col: string, want: number | null) => {
      const got = r[col];
      const oneDecimal = typeof got === "number" && same(Math.round(got * 10) / 10, got);
      at(
        col,
        got ?? "(leeg)",
        want === null ? "(leeg)" : `${want.toFixed(4)} op 1 decimaal`,
        want === null ? got === null : typeof got === "number" && oneDecimal && close(got, want, 0.1),
      );
    };
    for (const [p, s] of [
      ["aanbestedingen", cell.tenders],
      ["waarde", cell.value],
    ] as const) {
      exact(`${p}_met_thema`, s.sum);
      exact(`${p}_n`, s.n);
      percent(`${p}_aandeel_procent`, s.share);
      exact(`${p}_aandeel_n`, s.paired);
      exact(`${p}_toegepast_gepaard`, s.paired > 0 ? s.pairedApplied : null);
      exact(`${p}_totaal_gepaard`, s.paired > 0 ? s.pairedTotal : null);
      exact(`${p}_onbekend`, s.unknown);
      exact(`${p}_nvt`, s.notApplicable);
    }
    cell.steps.forEach((k, i) => exact(`stap_${i + 1}`, cell.stepsN > 0 ? k : null));
    exact("stappen_n", cell.stepsN);
    const small = [cell.tenders.n, cell.tenders.paired, cell.value.n, cell.value.paired, cell.stepsN].some(SMALL);
    at("klein_aantal", r.klein_aantal, small ? "ja" : "nee", r.klein_aantal === (small ? "ja" : "nee"));
  }
}

/** The overview's tables, one per measure, by their ids. */
const MEASURE_TABLES = ["aanbestedingen", "waarde", "stappen", "opgave"];

/** The overview page's response table and cells against the recomputed ones. */
export function checkOverviewPage(
  c: Checker,
  where: string,
  html: string,
  cells: Map<string, Cell>,
  response: Record<Row, { expected: number; counted: number }>,
) {
  // Per row: expected organisations, counted reports, and their ratio (one decimal), or "niemand
  // verwacht" where nobody is expected (the umbrellas).
  for (const row of ROWS) {
    const at = (figure: string, got: unknown, want: unknown) => c.add({ where, row, figure, got, want });
    const tr = elementWith(html, "data-testid", `respons-${row}`);
    if (!tr) {
      at("respons", "ontbreekt", "een rij");
      continue;
    }
    const { expected, counted } = response[row];
    const read = (name: string) => {
      const el = elementWith(tr.inner, "data-figure", name);
      return el ? textOf(el.inner) : "ontbreekt";
    };
    if (parseInteger(read("verwacht")) !== expected) at("verwacht", read("verwacht"), expected);
    if (parseInteger(read("geteld")) !== counted) at("geteld", read("geteld"), counted);
    const ratio = read("respons-aandeel");
    if (expected === 0 ? ratio !== "niemand verwacht" : !close(parsePercent(ratio, 1), (counted / expected) * 100, 0.1))
      at("respons", ratio, expected === 0 ? "niemand verwacht" : `${((counted / expected) * 100).toFixed(3)}%`);
  }
  const tables = MEASURE_TABLES.map((id) => elementWith(html, "id", `overzicht-${id}`));
  // The amounts stand without their unit: the value table's caption names it.
  const valueCaption = textOf(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(tables[1]?.inner ?? "")?.[1] ?? "");
  if (!valueCaption.includes("in euro")) c.add({ where, figure: "eenheid waarde", got: valueCaption, want: "in euro in het bijschrift" });
  for (const row of ROWS) {
    for (const t of THEME_LIST) {
      const cell = cells.get(`${row}:${t.code}`)!;
      const at = (figure: string, got: unknown, want: unknown) => c.add({ where, row, theme: t.code, figure, got, want });
      // One table per measure: the row's cell for the theme in each, read as one.
      const parts = tables.map((table) => table && elementWith(table.inner, "data-testid", `cel-${row}-${t.code}`));
      if (parts.some((p) => !p)) {
        at("cel", `${parts.filter(Boolean).length} van ${MEASURE_TABLES.length} tabellen`, "een cel in elke tabel");
        continue;
      }
      const td = { inner: parts.map((p) => p!.inner).join("<br>") };
      const empty = parts.every((p) => p!.inner.includes('data-figure="leeg"'));
      if (!cell.any) {
        if (!empty) at("leeg", textOf(td.inner), 'data-figure="leeg"');
        continue;
      }
      if (empty) {
        at("leeg", "leeg", "cijfers: er zijn antwoorden op aanbestedingen, waarde of stap");
        continue;
      }
      const figure = (name: string, n: number, check: (text: string) => boolean, want: string) => {
        const fig = figureIn(td.inner, name);
        if (!fig) return at(name, "ontbreekt", want);
        if (!check(fig.text)) at(name, fig.text, want);
        const nMatch = /n=(\d+)/.exec(fig.after);
        if (!nMatch || Number(nMatch[1]) !== n) at(`${name} n`, fig.after, `n=${n}`);
        const small = /klein aantal/.test(fig.after);
        if (small !== SMALL(n)) at(`${name} klein aantal`, fig.after, SMALL(n) ? "klein aantal" : "geen kenmerk");
      };
      const sumCheck = (s: ShareFigures, parse: (t: string) => number) => (text: string) =>
        s.sum === null ? text === NO_VALUE : close(parse(text), s.sum, 1);
      const shareCheck = (s: ShareFigures) => (text: string) =>
        s.share === null ? text === NO_VALUE : close(parsePercent(text, 1), s.share, 0.1);
      const pct = (s: ShareFigures) =>
        s.share === null ? NO_VALUE : `${s.share.toFixed(3)}% op 1 decimaal (${s.pairedApplied}/${s.pairedTotal})`;
      figure(
        "aanbestedingen",
        cell.tenders.n,
        sumCheck(cell.tenders, parseInteger),
        cell.tenders.sum === null ? NO_VALUE : String(cell.tenders.sum),
      );
      figure("aanbestedingen-aandeel", cell.tenders.paired, shareCheck(cell.tenders), pct(cell.tenders));
      // The amount without its euro sign: the unit is in the table's caption.
      figure("waarde", cell.value.n, sumCheck(cell.value, parseInteger), cell.value.sum === null ? NO_VALUE : String(cell.value.sum));
      figure("waarde-aandeel", cell.value.paired, shareCheck(cell.value), pct(cell.value));
      const stepsText = cell.stepsN > 0 ? cell.steps.map((n, i) => `stap ${i + 1}: ${n}`).join(", ") : NO_VALUE;
      // The chart's bars carry the same counts, as the eye reads them.
      const bars = [...parts[2]!.inner.matchAll(/class="mvoi-bars__count">(\d+)</g)].map((m) => m[1]).join(" · ");
      const wantBars = cell.stepsN > 0 ? cell.steps.join(" · ") : "";
      if (bars !== wantBars) at("stappen grafiek", bars || "geen grafiek", wantBars || "geen grafiek");
      figure("stappen", cell.stepsN, (text) => text === stepsText, stepsText);
      const opgave = elementWith(td.inner, "data-figure", "opgave");
      const want = `${cell.tenders.unknown} onbekend, ${cell.tenders.notApplicable} n.v.t.`;
      if (!opgave || textOf(opgave.inner) !== want) at("opgave", opgave ? textOf(opgave.inner) : "ontbreekt", want);
    }
  }
}

/** The letter's table (with or without small numbers) against the recomputed cells and the response. */
export function checkLetter(
  c: Checker,
  where: string,
  html: string,
  cells: Map<string, Cell>,
  response: Record<Row, { expected: number; counted: number }>,
  suppress: boolean,
) {
  const shownRows = ROWS.filter((r) => r === "all" || (r === "koepel" ? response[r].counted > 0 : response[r].expected > 0));
  const present = attributeValues(html, "data-testid", "rij-").map((s) => s.slice(4));
  const wantRows = shownRows.join(",");
  if (present.join(",") !== wantRows && [...present].sort().join(",") !== [...shownRows].sort().join(",")) {
    c.add({ where, figure: "rijen", got: present.join(","), want: wantRows });
  }
  for (const row of shownRows) {
    const tr = elementWith(html, "data-testid", `rij-${row}`);
    if (!tr) continue;
    const at = (figure: string, got: unknown, want: unknown, theme?: string) => c.add({ where, row, theme, figure, got, want });
    const resp = elementWith(tr.inner, "data-figure", "respons");
    const wantResp = responseText(response[row]);
    if (!resp || textOf(resp.inner) !== wantResp) at("respons", resp ? textOf(resp.inner) : "ontbreekt", wantResp);
    for (const t of THEME_LIST) {
      const cell = cells.get(`${row}:${t.code}`)!;
      const td = elementWith(tr.inner, "data-testid", `cel-${row}-${t.code}`);
      if (!td) {
        at("cel", "ontbreekt", "een cel", t.code);
        continue;
      }
      const k = cell.tenders.paired;
      const hidden = td.inner.includes('data-figure="weggelaten"');
      if (suppress && SMALL(k)) {
        if (!hidden || td.inner.includes('data-figure="aandeel"')) at("weggelaten", textOf(td.inner), `weggelaten (n=${k})`, t.code);
        continue;
      }
      if (hidden) {
        at("weggelaten", "weggelaten", `getoond (n=${k}${suppress ? "" : ", kleine aantallen getoond"})`, t.code);
        continue;
      }
      const share = (name: string, s: ShareFigures) => {
        const fig = figureIn(td.inner, name);
        const want = s.share === null ? NO_VALUE : `${s.share.toFixed(3)}% op 0 decimalen (${s.pairedApplied}/${s.pairedTotal})`;
        if (!fig) return at(name, "ontbreekt", want, t.code);
        const ok = s.share === null ? fig.text === NO_VALUE : close(parsePercent(fig.text, 0), s.share, 1);
        if (!ok) at(name, fig.text, want, t.code);
        if (/klein aantal/.test(fig.after) !== SMALL(s.paired))
          at(`${name} klein aantal`, fig.after, SMALL(s.paired) ? "klein aantal" : "geen kenmerk", t.code);
      };
      share("aandeel", cell.tenders);
      share("waarde-aandeel", cell.value);
      const paired = (name: string, want: number | null) => {
        const fig = figureIn(td.inner, name);
        const ok = fig && (want === null ? fig.text === NO_VALUE : close(parseInteger(fig.text), want, 1));
        if (!ok) at(name, fig?.text ?? "ontbreekt", want ?? NO_VALUE, t.code);
      };
      paired("toegepast", k > 0 ? cell.tenders.pairedApplied : null);
      paired("totaal", k > 0 ? cell.tenders.pairedTotal : null);
      const n = figureIn(td.inner, "n");
      if (!n || n.text !== `n=${k}`) at("n", n?.text ?? "ontbreekt", `n=${k}`, t.code);
    }
  }
}

/** The trends page for one question: per shown row and year of the question's chain, the sum, n and response. */
export function checkTrends(
  c: Checker,
  where: string,
  html: string,
  code: string,
  f: Facts,
  rawOf: (year: number) => RawRow[],
  responseOfYear: (year: number) => Record<Row, { expected: number; counted: number }>,
) {
  const latest = Math.max(...f.indicators.map((i) => i.year));
  const chain: Indicator[] = [];
  let current = f.indicators.find((i) => i.year === latest && i.code === code);
  const unit = current?.unit;
  while (current) {
    chain.unshift(current);
    const from = current.continues_from_id;
    current = from === null ? undefined : f.indicators.find((i) => i.id === from);
  }
  const per = chain.map((link) => {
    const response = responseOfYear(link.year);
    const sums = Object.fromEntries(ROWS.map((r) => [r, { sum: null as number | null, n: 0 }])) as Record<
      Row,
      { sum: number | null; n: number }
    >;
    for (const r of rawOf(link.year)) {
      if (r.vraag_code !== link.code || r.staat !== "Waarde") continue;
      const row = ROW_OF_LABEL.get(r.rij!);
      if (!row) continue;
      for (const target of row === "koepel" ? (["koepel"] as Row[]) : [row, "all" as Row]) {
        sums[target].sum = (sums[target].sum ?? 0) + (csvNumber(r.waarde) as number);
        sums[target].n++;
      }
    }
    return { year: link.year, response, sums };
  });
  const shown = ROWS.filter((r) => per.some((p) => (r === "koepel" ? p.response[r].counted > 0 : p.response[r].expected > 0)));
  const want = shown.flatMap((r) => per.map((p) => `trend-${r}-${p.year}`)).sort();
  const got = attributeValues(html, "data-testid", "trend-").sort();
  if (want.join(",") !== got.join(",")) c.add({ where, figure: "getoonde rijen en jaren", got: got.join(","), want: want.join(",") });
  for (const row of shown) {
    for (const p of per) {
      const el = elementWith(html, "data-testid", `trend-${row}-${p.year}`);
      if (!el) continue;
      const at = (figure: string, got: unknown, want: unknown) => c.add({ where, row, theme: `${code} ${p.year}`, figure, got, want });
      const s = p.sums[row];
      const som = figureIn(el.inner, "som");
      const parse = unit === "eur" ? parseEuro : parseInteger;
      const wantText = s.sum === null ? NO_VALUE : unit === "eur" ? `€ ${s.sum}` : String(s.sum);
      if (!som || !(s.sum === null ? som.text === NO_VALUE : close(parse(som.text), s.sum, 1)))
        at("som", som?.text ?? "ontbreekt", wantText);
      const nMatch = som ? /n=(\d+)/.exec(som.after) : null;
      if (!nMatch || Number(nMatch[1]) !== s.n) at("n", som?.after ?? "ontbreekt", `n=${s.n}`);
      if (som && /klein aantal/.test(som.after) !== SMALL(s.n))
        at("som klein aantal", som.after, SMALL(s.n) ? "klein aantal" : "geen kenmerk");
      const r = p.response[row];
      const resp = elementWith(el.inner, "data-figure", "respons");
      if (!resp || textOf(resp.inner) !== responseText(r)) at("respons", resp ? textOf(resp.inner) : "ontbreekt", responseText(r));
      const low = /lage respons/.test(textOf(el.inner));
      if (low !== r.counted * 2 < r.expected) at("lage respons", low, r.counted * 2 < r.expected);
    }
  }
}

const COMPLETENESS_COLUMNS = ["expected", "none", "draft", "submitted", "accepted", "returned", "late"] as const;

/** The completeness export's first table (reports) against the oracle. */
export function checkCompletenessExport(c: Checker, where: string, table: string[][], want: Record<Row, CompletenessRow>, year: number) {
  const [title, header, ...rest] = table;
  checkTitle(c, where, title, year);
  if ((header ?? []).join(";") !== COMPLETENESS_HEADER) {
    c.add({ where, figure: "kopregel", got: header?.join(";"), want: COMPLETENESS_HEADER });
    return;
  }
  const end = rest.findIndex((r) => r.length <= 1);
  const body = end < 0 ? rest : rest.slice(0, end);
  if (body.length !== ROWS.length) c.add({ where, figure: "aantal regels", got: body.length, want: ROWS.length });
  for (const row of ROWS) {
    const line = body.find((r) => r[1] === ROW_LABELS[row]);
    if (!line) {
      c.add({ where, row, figure: "regel", got: "ontbreekt", want: ROW_LABELS[row] });
      continue;
    }
    if (line[0] !== String(year)) c.add({ where, row, figure: "jaar", got: line[0], want: year });
    COMPLETENESS_COLUMNS.forEach((k, i) => {
      if (line[i + 2] !== String(want[row][k]))
        c.add({ where, row, figure: COMPLETENESS_HEADER.split(";")[i + 2]!, got: line[i + 2], want: want[row][k] });
    });
  }
}

/** The completeness page's report table (the first table) against the oracle. */
export function checkCompletenessPage(c: Checker, where: string, html: string, want: Record<Row, CompletenessRow>) {
  const table = /<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  const lines = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((x) => textOf(x[1]!)),
  );
  if (lines.length !== ROWS.length) c.add({ where, figure: "aantal rijen", got: lines.length, want: ROWS.length });
  for (const row of ROWS) {
    const line = lines.find((l) => l[0] === ROW_LABELS[row]);
    if (!line) {
      c.add({ where, row, figure: "rij", got: "ontbreekt", want: ROW_LABELS[row] });
      continue;
    }
    COMPLETENESS_COLUMNS.forEach((k, i) => {
      if (line[i + 1] !== String(want[row][k]))
        c.add({ where, row, figure: COMPLETENESS_HEADER.split(";")[i + 2]!, got: line[i + 1], want: want[row][k] });
    });
  }
}

/** The columns of the completeness table that link to the list of organisations behind them. */
export const COMPLETENESS_LINKS = ["expected", "none", "draft", "submitted", "accepted", "returned"] as const;

/** The link behind a number of the completeness page's report table (row label, column), and the number. */
export function completenessLink(
  html: string,
  row: Row,
  column: (typeof COMPLETENESS_LINKS)[number],
): { href: string; number: string } | null {
  const table = /<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  for (const m of body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((x) => x[1]!);
    if (textOf(cells[0] ?? "") !== ROW_LABELS[row]) continue;
    const cell = cells[1 + COMPLETENESS_LINKS.indexOf(column)] ?? "";
    const href = /href="([^"]*)"/.exec(cell)?.[1];
    return href ? { href: textOf(href), number: textOf(cell) } : null;
  }
  return null;
}

/**
 * The list a completeness number leads to (the ministry's reports list): as many organisations
 * as the number says, the ones of that row (all sectors: umbrellas not included) in that state,
 * each marked late exactly when it is.
 */
export function checkReportList(
  c: Checker,
  where: string,
  html: string,
  f: Facts,
  year: number,
  row: Row,
  column: (typeof COMPLETENESS_LINKS)[number],
  number: string,
) {
  // "Verwacht" and "geen rapportage" are about expected organisations; a report an umbrella started counts in its state's column.
  const want = reportStatesOf(f, year).filter(
    (o) =>
      rowsOfGroup(o.group).includes(row) &&
      (column === "expected" ? o.expected : column === "none" ? o.expected && o.status === "none" : o.status === column),
  );
  const caption = textOf(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(html)?.[1] ?? "");
  const total = /^(\d+) organisaties/.exec(caption)?.[1];
  if (total !== number)
    c.add({
      where,
      row,
      figure: `aantal organisaties achter het getal (${column})`,
      got: caption,
      want: `${number} organisaties (het getal op de volledigheidspagina)`,
    });
  // The columns by their headers (the list may have more, such as a checkbox to choose a row).
  const head = [...(/<thead[^>]*>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? "").matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
    textOf(m[1]!),
  );
  const nameAt = head.indexOf("Organisatie");
  const statusAt = head.indexOf("Status");
  if (nameAt < 0 || statusAt < 0) c.add({ where, row, figure: "kolommen", got: head.join(" | "), want: "Organisatie en Status" });
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  const got = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((x) => textOf(x[1]!));
    return `${cells[nameAt]}${/te laat|termijn verstreken/.test(cells[statusAt] ?? "") ? " (te laat)" : ""}`;
  });
  const wanted = want.map((o) => `${o.name}${o.late ? " (te laat)" : ""}`);
  if ([...got].sort().join(" | ") !== [...wanted].sort().join(" | "))
    c.add({ where, row, figure: `organisaties (${column})`, got: [...got].sort().join(" | "), want: [...wanted].sort().join(" | ") });
}

/**
 * The ministry's page of one organisation: per reporting year its report's state (the newest
 * version's status) and "te laat" exactly when the report is late. A year the organisation was
 * not expected to report over (signed later, or inactive) is never late.
 */
export function checkOrganisationPage(c: Checker, where: string, html: string, f: Facts, organisationId: number) {
  const table = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).find((t) => /Jaarrapportages per jaar/.test(t)) ?? "";
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((x) => x[1]!),
  );
  for (const year of [...f.dueOfYear.keys()].sort()) {
    const row = rows.find((r) => new RegExp(`(^|\\D)${year}($|\\D)`).test(textOf(r[0] ?? "")));
    if (!row) {
      c.add({ where, theme: String(year), figure: "rij van het jaar", got: "ontbreekt", want: year });
      continue;
    }
    const status = /mvoi-tag--([a-z]+)/.exec(row[1] ?? "")?.[1];
    const want = reportStateOf(f, organisationId, year);
    if (status !== want.status) c.add({ where, theme: String(year), figure: "status", got: status, want: want.status });
    const late = /te laat|termijn verstreken/.test(textOf(row[1] ?? ""));
    const wantLate = lateFor(f, organisationId, year);
    if (wantLate !== null && late !== wantLate)
      c.add({
        where,
        theme: String(year),
        figure: "te laat",
        got: late,
        want: `${wantLate} (${inScope(f, organisationId, year) ? lateReason(f, organisationId, year) : "niet verwacht over dit jaar"})`,
      });
  }
}

/**
 * The ministry's page of one report (its newest submitted version): that version, and "te laat"
 * in its summary's due date exactly when the report is late (its first submission after the organisation's own due date;
 * a report returned and resubmitted is late only if its first submission was).
 */
export function checkReportPage(c: Checker, where: string, html: string, f: Facts, organisationId: number, year: number) {
  const shown = f.versions
    .filter((v) => v.organisation_id === organisationId && v.year === year && v.status !== "draft")
    .reduce<Version | null>((a, v) => (!a || v.number > a.number ? v : a), null);
  if (!shown) return;
  const line = /<p[^>]*>\s*Versie[\s\S]*?<\/p>/.exec(html)?.[0] ?? "";
  const number = /Versie (?:<!-- -->)?(\d+)/.exec(line)?.[1];
  if (number !== String(shown.number)) c.add({ where, figure: "getoonde versie", got: number ?? "ontbreekt", want: shown.number });
  // Lateness stands in the summary's "Termijn" (its due date, an extension included).
  const term = /<dt[^>]*>Termijn<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/.exec(html)?.[1] ?? "";
  const late = /te laat|termijn verstreken/.test(textOf(term));
  // ... and the due date itself: the organisation's extension if it has one, else the year's date.
  const due = f.extensions.get(`${organisationId}:${year}`) ?? f.dueOfYear.get(year)!;
  const months = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
  ];
  const dueText = `uiterlijk ${Number(due.slice(8, 10))} ${months[Number(due.slice(5, 7)) - 1]} ${due.slice(0, 4)}`;
  if (!textOf(term).startsWith(dueText)) c.add({ where, figure: "uiterste datum", got: textOf(term), want: dueText });
  const wantLate = lateFor(f, organisationId, year);
  if (wantLate !== null && late !== wantLate)
    c.add({ where, figure: "te laat", got: late, want: `${wantLate} (${lateReason(f, organisationId, year)})` });
}

/** The drill-down: the organisations of a row with a counted version that answered one of the theme's share questions or its step. */
export function checkDrillDown(c: Checker, where: string, html: string, f: Facts, year: number, basis: Basis, theme: string, row: Row) {
  const codes = new Set(
    f.indicators.filter((i) => i.year === year && i.section === theme && (i.show_share === 1 || i.unit === "step")).map((i) => i.code),
  );
  const byId = new Map(f.organisations.map((o) => [o.id, o]));
  const want = [...countedOf(f, year, basis).values()]
    .filter((v) => inRow(byId.get(v.organisation_id)!, row) && (f.values.get(v.id) ?? []).some((a) => codes.has(a.code)))
    .map((v) => byId.get(v.organisation_id)!.name)
    .sort();
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  const got = [...body.matchAll(/<tr[^>]*>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!)).sort();
  if (got.join(" | ") !== want.join(" | "))
    c.add({ where, row, theme, figure: "organisaties", got: got.join(" | "), want: want.join(" | ") });
}

// One world ------------------------------------------------------------------------------------

/**
 * Reconciles one world (already written) through the server's request handler. For every year
 * and basis: the raw values export (checked against the counted versions' stored answers; every
 * figure below is recomputed from it) and the overview export; per year the completeness export.
 * For the world's focus year: the overview page and the letter (both bases), the letter without
 * small numbers, the three XLSX exports (the focus basis), the completeness page and two of its
 * links to the organisations behind a number. Per basis: three trend questions and three
 * drill-down cells. And one organisation's ministry page and one of its reports. Every page must
 * answer 200. Returns what differs.
 */
export async function reconcile(
  h: { sqlite: SQLite.Database; get: (url: string) => Promise<Response> },
  spec: WorldSpec,
): Promise<Discrepancy[]> {
  const f = readFacts(h.sqlite);
  const c = newChecker();
  const years = [...f.dueOfYear.keys()].sort();

  const fetchOk = async (where: string, url: string): Promise<Response | null> => {
    let res: Response;
    try {
      res = await h.get(url);
    } catch (error) {
      c.add({ where, figure: "HTTP-status", got: `fout in de server: ${String(error).slice(0, 300)}`, want: 200 });
      return null;
    }
    if (res.status !== 200) {
      c.add({ where, figure: "HTTP-status", got: `${res.status} ${(await res.text()).slice(0, 300)}`, want: 200 });
      return null;
    }
    return res;
  };
  /** The body as text, its byte order mark kept (Response.text() drops it). */
  const bodyText = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  const bom = (where: string, text: string) =>
    text.startsWith("\uFEFF") || c.add({ where, figure: "BOM (UTF-8)", got: JSON.stringify(text.slice(0, 10)), want: "\\uFEFF vooraan" });
  // The requests go out at once, the raw values exports first; the checks that need the
  // recomputed figures wait for those.
  const raw = new Map<string, RawRow[]>();
  const cells = new Map<string, Map<string, Cell>>();
  const responses = new Map<string, Record<Row, { expected: number; counted: number }>>();
  const rawDone = Promise.all(
    years.flatMap((year) =>
      BASES.map(async (basis) => {
        const q = `jaar=${year}&data=${basis}`;
        const res = await fetchOk(`waarden.csv ${q}`, `/ministerie/export/waarden.csv?${q}`);
        const text = res ? await bodyText(res) : null;
        if (text !== null) bom(`waarden.csv ${q}`, text);
        const rows = text !== null ? checkRawExport(c, `waarden.csv ${q}`, parseCsv(text), f, year, basis, "csv") : [];
        raw.set(`${year}:${basis}`, rows);
        cells.set(`${year}:${basis}`, overviewFrom(rows, f, year));
        responses.set(`${year}:${basis}`, responseOf(f, year, basis));
      }),
    ),
  );
  const jobs: Promise<unknown>[] = [];
  /** Fetches a page or export and checks its text (or, for XLSX, its sheets) once it and the recomputed figures are there. */
  const page = (where: string, url: string, check: (body: string) => void) =>
    jobs.push(
      Promise.all([fetchOk(where, url).then((res) => (res ? bodyText(res) : null)), rawDone]).then(([body]) => {
        if (body === null) return;
        if (/\.csv(\?|$)/.test(url)) bom(where, body);
        check(body);
      }),
    );
  const workbook = (where: string, url: string, check: (sheets: Awaited<ReturnType<typeof readXlsx>>) => void) =>
    jobs.push(
      Promise.all([fetchOk(where, url).then(async (res) => (res ? readXlsx(await res.arrayBuffer()) : null)), rawDone]).then(
        ([sheets]) => sheets !== null && check(sheets),
      ),
    );
  // The checks below read these when they run (after rawDone).
  const gridOf = (year: number, basis: Basis) => cells.get(`${year}:${basis}`)!;
  const responseAt = (year: number, basis: Basis) => responses.get(`${year}:${basis}`)!;

  // The exports of every year and basis; the pages of the world's focus year (both bases).
  const focus = spec.focus.year;
  for (const year of years) {
    for (const basis of BASES) {
      const q = `jaar=${year}&data=${basis}`;
      const grid = () => gridOf(year, basis);
      const response = () => responseAt(year, basis);
      page(`overzicht.csv ${q}`, `/ministerie/export/overzicht.csv?${q}`, (csv) =>
        checkOverviewExport(c, `overzicht.csv ${q}`, parseCsv(csv), grid(), year, basis),
      );
      if (year !== focus) continue;
      page(`overzicht ${q}`, `/ministerie/overzicht?${q}`, (html) => checkOverviewPage(c, `overzicht ${q}`, html, grid(), response()));
      page(`kamerbrief ${q}`, `/ministerie/kamerbrief?${q}`, (html) => checkLetter(c, `kamerbrief ${q}`, html, grid(), response(), false));
      if (basis !== spec.focus.basis) continue;
      page(`kamerbrief ${q}&klein=weglaten`, `/ministerie/kamerbrief?${q}&klein=weglaten`, (html) =>
        checkLetter(c, `kamerbrief ${q}&klein=weglaten`, html, grid(), response(), true),
      );
      workbook(`overzicht.xlsx ${q}`, `/ministerie/export/overzicht.xlsx?${q}`, (sheets) => {
        if (sheets.length !== 1) c.add({ where: `overzicht.xlsx ${q}`, figure: "aantal werkbladen", got: sheets.length, want: 1 });
        checkOverviewExport(c, `overzicht.xlsx ${q}`, sheets[0]!.rows, grid(), year, basis);
      });
      workbook(`waarden.xlsx ${q}`, `/ministerie/export/waarden.xlsx?${q}`, (sheets) =>
        checkRawExport(c, `waarden.xlsx ${q}`, sheets[0]!.rows, f, year, basis, "xlsx"),
      );
    }
    const want = completenessOf(f, year);
    page(`volledigheid.csv jaar=${year}`, `/ministerie/export/volledigheid.csv?jaar=${year}`, (csv) =>
      checkCompletenessExport(c, `volledigheid.csv jaar=${year}`, parseCsv(csv), want, year),
    );
    if (year !== focus) continue;
    workbook(`volledigheid.xlsx jaar=${year}`, `/ministerie/export/volledigheid.xlsx?jaar=${year}`, (sheets) =>
      checkCompletenessExport(
        c,
        `volledigheid.xlsx jaar=${year}`,
        sheets[0]!.rows.map((r) => r.map((x) => (x === null ? "" : String(x)))),
        want,
        year,
      ),
    );
    page(`volledigheid jaar=${year}`, `/ministerie/volledigheid?jaar=${year}`, (html) => {
      checkCompletenessPage(c, `volledigheid jaar=${year}`, html, want);
      // Each number leads to the organisations behind it: two of the links, followed.
      for (const pick of spec.lists) {
        const link = completenessLink(html, pick.row as Row, pick.column);
        // Umbrellas are not expected to report: their row's "verwacht" (always 0) has no list behind it.
        if (pick.row === "koepel" && pick.column === "expected") {
          if (link)
            c.add({
              where: `volledigheid jaar=${year}`,
              row: pick.row,
              figure: "link achter expected",
              got: "een link",
              want: "geen link (niemand verwacht)",
            });
          continue;
        }
        if (!link) {
          c.add({
            where: `volledigheid jaar=${year}`,
            row: pick.row,
            figure: `link achter ${pick.column}`,
            got: "ontbreekt",
            want: "een link naar de organisaties",
          });
          continue;
        }
        const where = `rapportages ${link.href.split("?")[1] ?? ""} (via volledigheid ${pick.column})`;
        page(where, link.href, (list) => checkReportList(c, where, list, f, year, pick.row as Row, pick.column, link.number));
      }
    });
  }

  for (const basis of BASES) {
    for (const code of spec.trends) {
      const where = `trends vraag=${code}&data=${basis}`;
      page(where, `/ministerie/trends?vraag=${code}&data=${basis}`, (html) =>
        checkTrends(
          c,
          where,
          html,
          code,
          f,
          (year) => raw.get(`${year}:${basis}`)!,
          (year) => responses.get(`${year}:${basis}`)!,
        ),
      );
    }
    for (const d of spec.drills) {
      const q = `jaar=${d.year}&data=${basis}&onderdeel=${d.theme}${d.row === "all" ? "" : `&sector=${d.row}`}`;
      page(`overzicht/organisaties ${q}`, `/ministerie/overzicht/organisaties?${q}`, (html) =>
        checkDrillDown(c, `overzicht/organisaties ${q}`, html, f, d.year, basis, d.theme, d.row as Row),
      );
    }
  }
  // One organisation's page and one of its reports: the first organisation the world marks for
  // it that submitted a report (else the first marked, else the first that submitted one).
  const world = f.organisations.filter((o) => o.slug.startsWith("w-")).sort((a, b) => a.id - b.id);
  const submittedYears = (id: number) =>
    [...new Set(f.versions.filter((v) => v.organisation_id === id && v.submitted_at !== null).map((v) => v.year))].sort();
  const marked = world.filter((_, i) => spec.organisations[i]?.inspect);
  const picked = marked.find((o) => submittedYears(o.id).length) ?? marked[0] ?? world.find((o) => submittedYears(o.id).length) ?? world[0];
  if (picked) {
    page(`organisaties/${picked.slug}`, `/ministerie/organisaties/${picked.slug}`, (html) =>
      checkOrganisationPage(c, `organisaties/${picked.slug} (${picked.name})`, html, f, picked.id),
    );
    const years = submittedYears(picked.id);
    const year = years.includes(spec.focus.year) ? spec.focus.year : years[0];
    if (year !== undefined) {
      const where = `rapportages/${picked.slug}/${year} (${picked.name})`;
      page(where, `/ministerie/rapportages/${picked.slug}/${year}`, (html) => checkReportPage(c, where, html, f, picked.id, year));
    }
  }

  // Checks may add requests (links followed): until none is left.
  await rawDone;
  while (jobs.length) await Promise.all(jobs.splice(0));
  return c.list;
}
