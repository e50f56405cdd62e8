import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import { ROLE_LABELS } from "~/auth/permissions";
import type { AuditSearch } from "~/models/admin.schema";
import { SECTIONS as PLAN_SECTIONS } from "~/models/action-plan.schema";
import { DATA_BASIS_TEXT } from "~/models/figures.labels";
import { REPORT_SECTIONS } from "~/models/report.rules";
import { formatDate } from "~/utils/time";

// What an audit event is about and what its detail says, in Dutch: "Rapportage 2025 van Gemeente
// Helmond, versie 1" instead of "report_version 49", "Onderdeel Algemeen" instead of
// {"section":"algemeen"}. One page of events (the page's 50, the CSV's 1,000) is named in a few
// batched queries, one per kind of object. The codes stay in the database; the trail shows these.

/** What of an event is named here. */
export type AuditEventRef = { action: string; object_type: string | null; object_id: string | null; detail: string | null };

/** An event's object and the useful part of its detail, in Dutch ("" when there is none). */
export type AuditEventText = { object: string; note: string };

/** Ids per query: far below SQLite's limit of bound parameters. */
const CHUNK = 500;

const idOf = (value: unknown): number | null => {
  const text = typeof value === "number" ? String(value) : value;
  return typeof text === "string" && /^\d{1,15}$/.test(text) ? Number(text) : null;
};

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function inChunks<T>(ids: Set<number>, query: (ids: number[]) => Promise<T[]>): Promise<T[]> {
  const all = [...ids];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(...(await query(all.slice(i, i + CHUNK))));
  return out;
}

/** The downloads the portal records (export.downloaded: the file's kind, "waarden.csv"). */
const EXPORT_FILES: Record<string, string> = {
  waarden: "Alle waarden",
  overzicht: "Overzichtstabellen",
  volledigheid: "Volledigheid van de rapportages",
  raster: "Invulraster",
  audit: "Audittrail",
};
const EXPORT_FORMATS: Record<string, string> = { csv: "CSV", xlsx: "Excel" };

/** A value of a list of labels, only for its own keys (never "constructor" and the like). */
const labelOf = (labels: Record<string, string>, key: unknown): string | null =>
  typeof key === "string" && Object.hasOwn(labels, key) ? labels[key]! : null;

function exportName(kind: unknown): string {
  const match = typeof kind === "string" ? /^([a-z]+)\.([a-z]+)$/.exec(kind) : null;
  const file = match ? labelOf(EXPORT_FILES, match[1]) : null;
  if (!file) return "Een bestand";
  const format = labelOf(EXPORT_FORMATS, match![2]);
  return format ? `${file} (${format})` : file;
}

/** The Dutch names of the objects and details of these events, in their order. */
export async function describeAuditEvents(db: Executor, events: readonly AuditEventRef[]): Promise<AuditEventText[]> {
  const details = events.map((e) => parseDetail(e.detail));
  const wanted = {
    reportVersions: new Set<number>(),
    planVersions: new Set<number>(),
    organisations: new Set<number>(),
    users: new Set<number>(),
    indicators: new Set<number>(),
    invitations: new Set<number>(),
    questions: new Set<number>(),
  };
  const kindOf: Partial<Record<string, keyof typeof wanted>> = {
    report_version: "reportVersions",
    action_plan_version: "planVersions",
    organisation: "organisations",
    user: "users",
    indicator: "indicators",
    invitation: "invitations",
    review_question: "questions",
  };
  events.forEach((e, i) => {
    const kind = e.object_type && Object.hasOwn(kindOf, e.object_type) ? kindOf[e.object_type] : undefined;
    const id = idOf(e.object_id);
    if (kind && id !== null) wanted[kind].add(id);
    const organisationId = idOf(details[i]!.organisation_id);
    if (organisationId !== null) wanted.organisations.add(organisationId);
  });

  const [reportVersions, planVersions, organisations, users, indicators, invitations, questions] = await Promise.all([
    inChunks(wanted.reportVersions, (ids) =>
      db
        .selectFrom("report_version as v")
        .innerJoin("report as r", "r.id", "v.report_id")
        .innerJoin("organisation as o", "o.id", "r.organisation_id")
        .select(["v.id", "v.number", "r.year", "o.name"])
        .where("v.id", "in", ids)
        .execute(),
    ),
    inChunks(wanted.planVersions, (ids) =>
      db
        .selectFrom("action_plan_version as v")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .innerJoin("organisation as o", "o.id", "p.organisation_id")
        .select(["v.id", "v.number", "o.name"])
        .where("v.id", "in", ids)
        .execute(),
    ),
    inChunks(wanted.organisations, (ids) => db.selectFrom("organisation").select(["id", "name"]).where("id", "in", ids).execute()),
    inChunks(wanted.users, (ids) => db.selectFrom("user").select(["id", "name", "email"]).where("id", "in", ids).execute()),
    inChunks(wanted.indicators, (ids) => db.selectFrom("indicator").select(["id", "label", "year"]).where("id", "in", ids).execute()),
    inChunks(wanted.invitations, (ids) =>
      db
        .selectFrom("invitation as i")
        .innerJoin("organisation as o", "o.id", "i.organisation_id")
        .select(["i.id", "i.email", "o.name"])
        .where("i.id", "in", ids)
        .execute(),
    ),
    inChunks(wanted.questions, (ids) =>
      db
        .selectFrom("review_question as q")
        .innerJoin("organisation as o", "o.id", "q.organisation_id")
        .leftJoin("report as r", "r.id", "q.report_id")
        .select(["q.id", "q.document", "q.version_number", "r.year", "o.name"])
        .where("q.id", "in", ids)
        .execute(),
    ),
  ]);
  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const found = {
    reportVersions: byId(reportVersions),
    planVersions: byId(planVersions),
    organisations: byId(organisations),
    users: byId(users),
    indicators: byId(indicators),
    invitations: byId(invitations),
    questions: byId(questions),
  };
  const organisationName = (id: unknown) => {
    const key = idOf(id);
    return (key === null ? undefined : found.organisations.get(key)?.name) ?? "een organisatie die niet meer bestaat";
  };

  function objectOf(e: AuditEventRef, detail: Record<string, unknown>): string {
    const id = idOf(e.object_id);
    switch (e.object_type) {
      case null:
        return e.action === "export.downloaded" && detail.kind ? exportName(detail.kind) : "";
      case "report_version": {
        const v = id === null ? undefined : found.reportVersions.get(id);
        return v ? `Rapportage ${v.year} van ${v.name}, versie ${v.number}` : "Rapportage (verwijderd)";
      }
      case "action_plan_version": {
        const v = id === null ? undefined : found.planVersions.get(id);
        return v ? `Actieplan van ${v.name}, versie ${v.number}` : "Actieplan (verwijderd)";
      }
      case "organisation": {
        // The import names no single organisation.
        if (e.object_id === null) return "Lijst van organisaties";
        return (id === null ? undefined : found.organisations.get(id)?.name) ?? "Organisatie (verwijderd)";
      }
      case "user": {
        const u = id === null ? undefined : found.users.get(id);
        if (!u) return "Gebruiker (verwijderd)";
        return u.name.trim() ? `${u.name} (${u.email})` : u.email;
      }
      case "indicator": {
        const q = id === null ? undefined : found.indicators.get(id);
        return q ? `Vraag '${q.label}' (${q.year})` : "Vraag (verwijderd)";
      }
      case "invitation": {
        const inv = id === null ? undefined : found.invitations.get(id);
        return inv ? `Uitnodiging voor ${inv.email} bij ${inv.name}` : "Uitnodiging (verwijderd)";
      }
      case "review_question": {
        const q = id === null ? undefined : found.questions.get(id);
        if (!q) return "Vraag over een waarde (verwijderd)";
        return q.document === "report"
          ? `Vraag over de rapportage ${q.year} van ${q.name}, versie ${q.version_number}`
          : `Vraag over het actieplan van ${q.name}, versie ${q.version_number}`;
      }
      case "reporting_year":
        return e.object_id && /^\d{4}$/.test(e.object_id) ? `Rapportagejaar ${e.object_id}` : "Rapportagejaar (onbekend)";
      case "login":
        // The e-mail address typed at the login (it need not belong to an account).
        return e.object_id ? `Inloggen met ${e.object_id}` : "Inloggen";
      case "export":
        return exportName(e.object_id ?? detail.kind);
      default:
        return "Ander onderdeel van het portaal";
    }
  }

  return events.map((e, i) => ({ object: objectOf(e, details[i]!), note: noteOf(e.action, details[i]!, organisationName) }));
}

// The detail, in Dutch ---------------------------------------------------------------------------

const FACTORS: Record<string, string> = {
  password: "met wachtwoord",
  totp: "met wachtwoord en code uit de app",
  "recovery-code": "met wachtwoord en herstelcode",
};
const NEXT_STEPS: Record<string, string> = {
  code: "code uit de app gevraagd",
  setup: "instellen van een app gevraagd",
  login: "opnieuw inloggen gevraagd",
  home: "ingelogd",
};
const THROTTLE_REASONS: Record<string, string> = {
  ip: "te veel pogingen vanaf dit IP-adres",
  account: "te veel pogingen voor dit account",
};
const THROTTLE_STEPS: Record<string, string> = { password: "bij het wachtwoord", "second-factor": "bij de tweede stap" };
const MFA_KINDS: Record<string, string> = {
  totp: "code uit de app",
  recovery: "herstelcode",
  setup: "instellen van de app",
  password: "wachtwoord",
};
const MFA_REASONS: Record<string, string> = {
  invalid: "klopt niet",
  reused: "was al gebruikt",
  "not-enabled": "inloggen met een app staat niet aan",
};
const MFA_DISABLED: Record<string, string> = { "turned-off": "zelf uitgezet", "set-up-again": "opnieuw ingesteld" };
const DIRECTIONS: Record<string, string> = { up: "omhoog", down: "omlaag" };
const ORGANISATION_FIELDS: Record<string, string> = {
  name: "naam",
  kind: "soort",
  sector: "sector",
  signed_via_id: "getekend via",
  signed_at: "datum van ondertekening",
  source_url: "bron",
};
const IMPORT_COUNTS: Record<string, string> = { added: "toegevoegd", changed: "gewijzigd", unchanged: "ongewijzigd", invalid: "afgekeurd" };
// report-grid.server.ts saves with the section "raster" (the grid) or "excel" (the upload).
const CHANNEL_SECTIONS: Record<string, string> = { raster: "via het invulraster", excel: "via een geüpload Excel-bestand" };

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null);
const pick = labelOf;
const role = (value: unknown) => pick(ROLE_LABELS, value);
const date = (value: unknown) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : null);

function sectionOf(action: string, section: unknown): string | null {
  const channel = pick(CHANNEL_SECTIONS, section);
  if (channel) return channel;
  const list: readonly { key: string; title: string }[] = action.startsWith("action_plan.") ? PLAN_SECTIONS : REPORT_SECTIONS;
  const title = list.find((s) => s.key === section)?.title;
  return title ? `onderdeel ${title.split(":")[0]}` : null;
}

/** A date change ({ from, to }) as "30 juni 2026 → 31 juli 2026", or null when it did not change. */
function dateChange(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const { from, to } = value as { from?: unknown; to?: unknown };
  return from === to ? null : `${date(from) ?? "geen"} → ${date(to) ?? "geen"}`;
}

/**
 * The useful part of an event's detail in Dutch: known keys only, each in words; anything else is
 * left out (it never shows as English or JSON). The version and year are in the object's name.
 */
function noteOf(action: string, d: Record<string, unknown>, organisationName: (id: unknown) => string): string {
  const parts: (string | null)[] = [];
  const add = (part: string | null) => parts.push(part);
  switch (action) {
    case "login.success":
      add(pick(FACTORS, d.factor));
      break;
    case "login.failure":
      if (d.via === "invitation") add("bij het aannemen van een uitnodiging");
      break;
    case "login.throttled":
      add(pick(THROTTLE_REASONS, d.reason));
      add(pick(THROTTLE_STEPS, d.step));
      break;
    case "login.lockout":
      if (count(d.minutes) !== null) add(`${count(d.minutes)} minuten geblokkeerd`);
      break;
    case "login.password_ok":
    case "session.mfa_required":
      add(pick(NEXT_STEPS, d.next));
      break;
    case "mfa.failure": {
      const kind = pick(MFA_KINDS, d.kind);
      const reason = pick(MFA_REASONS, d.reason) ?? (d.kind === "password" ? "klopt niet" : null);
      add(kind && reason ? `${kind} ${reason}` : kind);
      break;
    }
    case "mfa.disabled":
      add(pick(MFA_DISABLED, d.reason));
      break;
    case "mfa.recovery_code_used":
      if (count(d.remaining) !== null) add(`nog ${count(d.remaining)} herstelcodes over`);
      break;
    case "membership.role_changed": {
      const from = role(d.from);
      const to = role(d.to);
      add(from && to ? `rol van ${from} naar ${to}` : null);
      break;
    }
    case "organisation.updated": {
      const fields = Object.keys(d)
        .map((k) => pick(ORGANISATION_FIELDS, k))
        .filter(Boolean);
      add(fields.length ? `gewijzigd: ${fields.join(", ")}` : null);
      break;
    }
    case "organisation.imported": {
      const counts = Object.entries(IMPORT_COUNTS)
        .filter(([k]) => count(d[k]) !== null)
        .map(([k, word]) => `${count(d[k])} ${word}`);
      add(counts.length ? counts.join(", ") : null);
      break;
    }
    case "reporting_year.created":
      if (date(d.opens_at)) add(`open vanaf ${date(d.opens_at)}`);
      if (date(d.due_at)) add(`uiterste inleverdatum ${date(d.due_at)}`);
      break;
    case "reporting_year.dates_changed": {
      const opens = dateChange(d.opens_at);
      const due = dateChange(d.due_at);
      if (opens) add(`open vanaf: ${opens}`);
      if (due) add(`uiterste inleverdatum: ${due}`);
      break;
    }
    case "reporting_year.extension_granted":
      if (date(d.due_at)) add(`nieuwe uiterste datum ${date(d.due_at)}`);
      break;
    case "catalogue.copied":
      if (count(d.count) !== null && count(d.from) !== null && count(d.to) !== null) {
        add(`${count(d.count)} vragen van ${count(d.from)} naar ${count(d.to)}`);
      }
      break;
    case "action_plan.action_added":
      if (text(d.title)) add(`actie '${text(d.title)}'`);
      break;
    case "action_plan.action_moved":
      add(pick(DIRECTIONS, d.direction));
      break;
    case "action_plan.file_uploaded":
      if (count(d.size) !== null) add(`bestand van ${Math.max(1, Math.round(count(d.size)! / 1024)).toLocaleString("nl-NL")} kB`);
      break;
    case "export.downloaded":
      if (count(d.year) !== null) add(`rapportagejaar ${count(d.year)}`);
      add(pick(DATA_BASIS_TEXT, d.basis));
      break;
  }
  if (d.section !== undefined) add(sectionOf(action, d.section));
  if (count(d.from_version) !== null) add(`gemaakt uit versie ${count(d.from_version)}`);
  if (d.late === true) add("na de uiterste inleverdatum");
  // An organisation the event is about, when the object does not name it already.
  if (d.organisation_id !== undefined && !action.startsWith("report.") && !action.startsWith("action_plan.")) {
    add(`organisatie: ${organisationName(d.organisation_id)}`);
  }
  if (d.role !== undefined && action !== "membership.role_changed") add(role(d.role) ? `rol: ${role(d.role)}` : null);
  if (d.new_account === true) add("nieuw account");
  // A reviewer's question and the organisation's answer, as typed.
  if (text(d.question)) add(`vraag: ${text(d.question)}`);
  if (d.follow_up === true) add("gemarkeerd voor opvolging");
  if (text(d.answer)) add(`antwoord: ${text(d.answer)}`);
  // Reasons are typed by people (a return, a reopening, an extension); the codes above have their own words.
  if (!["login.throttled", "mfa.failure", "mfa.disabled"].includes(action) && text(d.reason)) add(`reden: ${text(d.reason)}`);
  // " · ", not ";": the CSV's separator stays out of the text.
  return parts
    .filter((p): p is string => Boolean(p))
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join(" · ");
}

// Filters ------------------------------------------------------------------------------------------

/** The condition "the event's object is a version of this report" on the audit trail (alias a). */
export function isAboutReportVersionOf(reportId: number) {
  return sql<boolean>`(a.object_type = 'report_version' and a.object_id in (select cast(id as text) from report_version where report_id = ${reportId}))`;
}

export type AuditReportChoice = { id: number; year: number; organisation_id: number; organisation_name: string };
export type AuditQuestionChoice = { id: number; year: number; label: string };

/** An organisation's reports, newest year first: the choices of the audit trail's "Rapportage" filter. */
export function listAuditReportChoices(db: Executor, args: { organisationId: number }): Promise<AuditReportChoice[]> {
  return db
    .selectFrom("report as r")
    .innerJoin("organisation as o", "o.id", "r.organisation_id")
    .select(["r.id", "r.year", "r.organisation_id", "o.name as organisation_name"])
    .where("r.organisation_id", "=", args.organisationId)
    .orderBy("r.year", "desc")
    .execute();
}

/** Every year's questions, newest year first, in the questionnaire's order: the choices of the "Vraag" filter. */
export function listAuditQuestionChoices(db: Executor): Promise<AuditQuestionChoice[]> {
  return db.selectFrom("indicator").select(["id", "year", "label"]).orderBy("year", "desc").orderBy("position").orderBy("id").execute();
}

/** The report and question filters as readable text, and the reason when one is not used. */
export type AuditFilterContext = {
  /** The filters to search with: a report or question that does not exist (or not for the chosen organisation) left out. */
  filters: AuditSearch;
  report: AuditReportChoice | null;
  question: AuditQuestionChoice | null;
  errors: { rapportage?: string; vraag?: string };
};

/** Looks up the report and question the search asks for; one that cannot be used is left out, with a Dutch reason. */
export async function resolveAuditFilters(db: Executor, filters: AuditSearch): Promise<AuditFilterContext> {
  const out: AuditFilterContext = { filters: { ...filters }, report: null, question: null, errors: {} };
  if (filters.rapportage !== undefined) {
    const report = await db
      .selectFrom("report as r")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["r.id", "r.year", "r.organisation_id", "o.name as organisation_name"])
      .where("r.id", "=", filters.rapportage)
      .executeTakeFirst();
    if (!report) out.errors.rapportage = "Deze rapportage bestaat niet (meer). Er is niet op gezocht.";
    else if (filters.organisatie !== undefined && report.organisation_id !== filters.organisatie) {
      out.errors.rapportage = "Deze rapportage is van een andere organisatie dan de gekozen organisatie. Er is niet op gezocht.";
    } else out.report = report;
    if (!out.report) delete out.filters.rapportage;
  }
  if (filters.vraag !== undefined) {
    const question = await db.selectFrom("indicator").select(["id", "year", "label"]).where("id", "=", filters.vraag).executeTakeFirst();
    if (question) out.question = question;
    else {
      out.errors.vraag = "Deze vraag bestaat niet (meer). Er is niet op gezocht.";
      delete out.filters.vraag;
    }
  }
  return out;
}
