import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, RouterContextProvider, StaticRouterProvider, useLoaderData } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentUserContext, requestInfoContext } from "~/context";
import { DOCUMENT_TRANSITIONS, type DocumentAction, type DocumentKind } from "~/models/document-workflow.server";
import { AUDIT_CSV_HEADER, recordAuditEvent, type AuditInput } from "~/models/audit.server";
import { AUDIT_ACTIONS, AUDIT_ACTION_FALLBACK, auditActionLabel, type AuditAction } from "~/models/audit.labels";
import { CSV_SEPARATOR } from "~/utils/csv-write";
import { formatDateTime } from "~/utils/time";
import { createTestDb, idOf, userIdOf, type TestDb } from "../../helpers/db";

// Issue #21, "Dutch audit names": the audit trail (/beheer/audit and its CSV) says every action in
// Dutch and names every object ("Rapportage 2025 van Gemeente Helmond, versie 1"), never a code
// ("report.saved", "report_version 49"). One event per action of AUDIT_ACTIONS, each about an
// object of its kind in a demo database, is rendered by the page's own loader and component (React
// Router's static handler, in this process, from source) and downloaded through the CSV route. And
// the registry cannot fall behind: every code the source can write must be in it.

const DUTCH_MONTHS = [
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
const ROOT = path.resolve(import.meta.dirname, "../../..");
const TESTER = "tester@voorbeeld.example";
const CODES = Object.keys(AUDIT_ACTIONS) as AuditAction[];
/** The names of object types as the database keeps them: none may show. */
const OBJECT_TYPES = [
  "report_version",
  "action_plan_version",
  "reporting_year",
  "organisation",
  "indicator",
  "invitation",
  "export",
  "user",
  "login",
];
/** Keys of the events' JSON detail: none may show. */
const DETAIL_KEYS = [
  "section",
  "organisation_id",
  "factor",
  "from_version",
  "new_account",
  "opens_at",
  "due_at",
  "direction",
  "basis",
  "remaining",
];

/** The visible text of an HTML fragment: no tags, scripts or attribute values. */
function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** What must not be in text the user reads: the codes, the object types, the detail's keys, JSON. */
function codesIn(text: string): string[] {
  const found: string[] = [];
  for (const code of CODES) if (new RegExp(`(^|[^\\w.])${code.replace(/\./g, "\\.")}($|[^\\w])`).test(text)) found.push(code);
  for (const word of [...OBJECT_TYPES, ...DETAIL_KEYS]) if (new RegExp(`\\b${word}\\b`).test(text)) found.push(word);
  if (/[{}]/.test(text)) found.push("JSON");
  // Anything else shaped like a code (a_b, a.b), e-mail addresses aside.
  for (const m of text.replace(/[\w.+-]+@[\w.-]+/g, " ").matchAll(/\b[a-z]+[._][a-z_]+\b/g)) found.push(m[0]);
  return found;
}

describe("the audit trail in Dutch", () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, SESSION_SECRET: process.env.SESSION_SECRET };
  let t: TestDb;
  let expected: { action: AuditAction; object: string }[];
  let pageText: string;
  let tableText: string;
  /** The "Tijdstip" column of the page, row by row (newest first, as the CSV). */
  let pageTimes: string[];
  let csv: string;
  let renderPage: (query: URLSearchParams) => Promise<{ status: number; html: string }>;
  let downloadCsv: (query: URLSearchParams) => Promise<{ status: number; text: string }>;

  beforeAll(async () => {
    t = await createTestDb({ seed: "demo" });
    const db = t.db;
    // The routes' database (app/database/instance.server.ts) is this test's (until afterAll).
    process.env.DATABASE_URL = t.file;
    process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");

    // One realistic object of each kind, from the demo data.
    const helmond = await idOf(db, "Gemeente Helmond");
    const userId = await userIdOf(db, "inkoper@helmond.example");
    const user = await db.selectFrom("user").select(["name", "email"]).where("id", "=", userId).executeTakeFirstOrThrow();
    const reportVersion = await db
      .selectFrom("report_version as v")
      .innerJoin("report as r", "r.id", "v.report_id")
      .innerJoin("organisation as o", "o.id", "r.organisation_id")
      .select(["v.id", "v.number", "r.year", "o.name"])
      .orderBy("v.id")
      .executeTakeFirstOrThrow();
    const planVersion = await db
      .selectFrom("action_plan_version as v")
      .innerJoin("action_plan as p", "p.id", "v.plan_id")
      .innerJoin("organisation as o", "o.id", "p.organisation_id")
      .select(["v.id", "v.number", "o.name"])
      .orderBy("v.id")
      .executeTakeFirstOrThrow();
    const question = await db
      .selectFrom("indicator")
      .select(["id", "label", "year"])
      .where("year", "=", 2025)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const invitation = await db
      .insertInto("invitation")
      .values({
        token_hash: "test-token-hash",
        email: "nieuw@helmond.example",
        organisation_id: helmond,
        role: "viewer",
        invited_by: null,
        created_at: "2026-01-01T00:00:00.000Z",
        expires_at: "2026-01-08T00:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const objects = {
      user: { objectType: "user", objectId: userId, name: `${user.name} (${user.email})` },
      login: { objectType: "login", objectId: "iemand@voorbeeld.example", name: "Inloggen met iemand@voorbeeld.example" },
      organisation: { objectType: "organisation", objectId: helmond, name: "Gemeente Helmond" },
      report: {
        objectType: "report_version",
        objectId: reportVersion.id,
        name: `Rapportage ${reportVersion.year} van ${reportVersion.name}, versie ${reportVersion.number}`,
      },
      plan: {
        objectType: "action_plan_version",
        objectId: planVersion.id,
        name: `Actieplan van ${planVersion.name}, versie ${planVersion.number}`,
      },
      question: { objectType: "indicator", objectId: question.id, name: `Vraag '${question.label}' (${question.year})` },
      invitation: {
        objectType: "invitation",
        objectId: invitation.id,
        name: "Uitnodiging voor nieuw@helmond.example bij Gemeente Helmond",
      },
      year: { objectType: "reporting_year", objectId: 2025, name: "Rapportagejaar 2025" },
      export: { objectType: "export", objectId: "waarden.csv", name: "Alle waarden (CSV)" },
      imported: { objectType: "organisation", objectId: null, name: "Lijst van organisaties" },
      none: { objectType: null, objectId: null, name: "" },
    } as const;

    /** The object an action is about, as the code records it. */
    const objectOf = (action: AuditAction): keyof typeof objects => {
      if (["login.success", "session.mfa_required", "password_reset.completed"].includes(action)) return "user";
      if (["login.password_ok", "logout", "password_reset.requested", "password_reset.throttled", "catalogue.copied"].includes(action))
        return "none";
      if (action === "organisation.imported") return "imported";
      const prefix = action.split(".")[0]!;
      const byPrefix: Record<string, keyof typeof objects> = {
        login: "login",
        mfa: "user",
        membership: "user",
        user: "user",
        acting_for: "organisation",
        organisation: "organisation",
        action_plan: "plan",
        report: "report",
        export: "export",
        invitation: "invitation",
        reporting_year: "year",
        catalogue: "question",
      };
      const kind = byPrefix[prefix];
      if (!kind) throw new Error(`No object for ${action}: add it here`);
      return kind;
    };

    /** Details as the code records them (the Dutch rendering must not show their keys). */
    const details: Partial<Record<AuditAction, Record<string, unknown>>> = {
      "login.success": { factor: "totp" },
      "login.throttled": { reason: "ip", step: "password" },
      "login.lockout": { minutes: 15 },
      "login.password_ok": { next: "code" },
      "mfa.failure": { kind: "totp", reason: "reused" },
      "mfa.disabled": { reason: "turned-off" },
      "mfa.recovery_code_used": { remaining: 9 },
      "report.saved": { year: 2025, version: 1, section: "algemeen", answers: 4 },
      "report.submitted": { year: 2025, version: 1, late: true },
      "report.returned": { organisation_id: helmond, year: 2025, version: 1, reason: "Vul het inkoopvolume in." },
      "report.revised": { year: 2025, version: 2, from_version: 1 },
      "action_plan.saved": { section: "middelen" },
      "action_plan.action_moved": { action_id: 3, direction: "up" },
      "membership.role_changed": { organisation_id: helmond, from: "viewer", to: "editor" },
      "invitation.accepted": { organisation_id: helmond, role: "viewer", new_account: true },
      "organisation.updated": { name: { from: "Gem. Helmond", to: "Gemeente Helmond" } },
      "organisation.imported": { added: 2, changed: 1, unchanged: 47, invalid: 0 },
      "reporting_year.dates_changed": {
        opens_at: { from: "2026-01-15", to: "2026-01-15" },
        due_at: { from: "2026-04-01", to: "2026-05-01" },
      },
      "reporting_year.extension_granted": { organisation_id: helmond, due_at: "2026-06-30", reason: "Herindeling" },
      "catalogue.copied": { from: 2024, to: 2025, count: 30 },
      "export.downloaded": { kind: "waarden.csv", year: 2025, basis: "geaccepteerd" },
    };

    expected = [];
    for (const action of CODES) {
      const object = objects[objectOf(action)];
      const event: AuditInput = {
        action,
        userEmail: TESTER,
        actingOrganisationId: helmond,
        objectType: object.objectType,
        objectId: object.objectId,
        ip: "192.0.2.10",
        detail: details[action] ?? null,
      };
      await recordAuditEvent(db, event);
      expected.push({ action, object: object.name });
    }
    // Old data: an action the portal no longer knows, objects that are gone or of an unknown kind.
    await db
      .insertInto("audit_event")
      .values([
        {
          occurred_at: "2026-01-01T00:00:00.000Z",
          action: "report.archived",
          user_email: TESTER,
          object_type: "report_version",
          object_id: "999999",
        },
        { occurred_at: "2026-01-01T00:00:00.000Z", action: "login.success", user_email: TESTER, object_type: "user", object_id: "999999" },
        { occurred_at: "2026-01-01T00:00:00.000Z", action: "logout", user_email: TESTER, object_type: "session_token", object_id: "abc" },
      ])
      .execute();

    // The page, as its loader and component render it (both pages of 50).
    const route = await import("~/routes/admin/audit");
    const handler = createStaticHandler([
      {
        id: "audit",
        path: "/beheer/audit",
        loader: route.loader as never,
        Component: () => createElement(route.default as never, { loaderData: useLoaderData() } as never),
      },
    ]);
    renderPage = async (query) => {
      const context = await handler.query(new Request(`https://mvoi.test/beheer/audit?${query}`));
      if (context instanceof Response) return { status: context.status, html: "" };
      const html = renderToString(
        createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }),
      );
      return { status: context.statusCode, html };
    };
    const pages: string[] = [];
    for (const pagina of ["1", "2"]) {
      const { status, html } = await renderPage(new URLSearchParams({ gebruiker: TESTER, pagina }));
      expect(status).toBe(200);
      pages.push(html);
    }
    pageText = textOf(pages.join(" "));
    tableText = textOf(pages.map((p) => /<tbody[\s\S]*?<\/tbody>/.exec(p)?.[0] ?? "").join(" "));
    pageTimes = pages.flatMap((p) =>
      [...(/<tbody[\s\S]*?<\/tbody>/.exec(p)?.[0] ?? "").matchAll(/<tr[^>]*>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!)),
    );

    // The CSV, through its route (as an administrator).
    const csvRoute = await import("~/routes/admin/audit-csv");
    const admin = { id: await userIdOf(db, "beheer@ienw.example"), email: "beheer@ienw.example" };
    downloadCsv = async (query) => {
      const context = new RouterContextProvider();
      context.set(requestInfoContext, { ip: "127.0.0.1", nonce: "" });
      context.set(currentUserContext, admin as never);
      const response = await csvRoute.loader({
        request: new Request(`https://mvoi.test/beheer/audit.csv?${query}`),
        params: {},
        context,
      } as never);
      return { status: response.status, text: new TextDecoder().decode(await response.arrayBuffer()) };
    };
    const download = await downloadCsv(new URLSearchParams({ gebruiker: TESTER }));
    expect(download.status).toBe(200);
    csv = download.text;
  }, 120_000);
  afterAll(async () => {
    const { getDb } = await import("~/database/instance.server");
    await getDb().destroy();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t?.cleanup();
  });

  it("shows every action by its Dutch label and every object by its name on the page", () => {
    expect(tableText).toContain(AUDIT_ACTION_FALLBACK);
    for (const { action, object } of expected) {
      expect(tableText, action).toContain(AUDIT_ACTIONS[action]);
      if (object) expect(tableText, `${action}: ${object}`).toContain(object);
    }
    expect(tableText).toContain("Rapportage (verwijderd)");
    expect(tableText).toContain("Gebruiker (verwijderd)");
    expect(tableText).toContain("Ander onderdeel van het portaal");
    // The detail in words.
    for (const note of [
      "Onderdeel Algemeen",
      "Na de uiterste inleverdatum",
      "Reden: Vul het inkoopvolume in.",
      "Gemaakt uit versie 1",
      "Met wachtwoord en code uit de app",
      "Rol van Meelezer naar Inkoper / MVI-coördinator",
      "Nieuw account",
      "2 toegevoegd, 1 gewijzigd, 47 ongewijzigd, 0 afgekeurd",
      "Uiterste inleverdatum: 1 april 2026 → 1 mei 2026",
      "30 vragen van 2024 naar 2025",
      "Omhoog",
      "Gewijzigd: naam",
    ]) {
      expect(tableText).toContain(note);
    }
  });

  it("shows no code, object type or detail key anywhere on the page", () => {
    expect(codesIn(tableText)).toEqual([]);
    // The form and the rest of the page: the codes are at most option values, never text.
    expect(CODES.filter((code) => code.includes(".") && pageText.includes(code))).toEqual([]);
    expect(OBJECT_TYPES.filter((type) => type.includes("_") && pageText.includes(type))).toEqual([]);
    // The action filter offers the Dutch labels.
    expect(pageText).toContain("Alle handelingen");
    expect(pageText).toContain(AUDIT_ACTIONS["acting_for.chosen"]);
  });

  it("exports the same in Dutch: a plain-words header, labels and names, no codes", () => {
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter((l) => l !== "");
    expect(header).toBe(AUDIT_CSV_HEADER.join(CSV_SEPARATOR));
    expect(header).toBe("Tijdstip;Gebruiker;Namens organisatie;Handeling;Object;Resultaat;IP-adres;Toelichting;Wijzigingen");
    expect(rows).toHaveLength(CODES.length + 3);
    const body = rows.join("\n");
    for (const { action, object } of expected) {
      expect(body, action).toContain(AUDIT_ACTIONS[action]);
      if (object) expect(body, `${action}: ${object}`).toContain(object);
    }
    // Only the timestamps are ISO (a column of its own, Dutch local time with its offset).
    expect(codesIn(rows.map((r) => r.split(CSV_SEPARATOR).slice(1).join(" ")).join(" "))).toEqual([]);
  });

  it("exports each time as the page shows it, in Dutch local time, with its offset", () => {
    const times = csv
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter((l) => l !== "")
      .slice(1)
      .map((r) => r.split(CSV_SEPARATOR)[0]!);
    expect(times).toHaveLength(pageTimes.length);
    times.forEach((time, i) => {
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      // The page's "1 januari 2026 om 01:00" for the CSV's 2026-01-01T01:00:00+01:00: the same clock, day and instant.
      const [, year, month, day, hours, minutes] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(time)!;
      const shown = pageTimes[i]!;
      expect(shown).toContain(`${hours}:${minutes}`);
      expect(shown).toContain(`${Number(day)} ${DUTCH_MONTHS[Number(month) - 1]} ${year}`);
      expect(formatDateTime(time)).toBe(shown);
    });
    // The event written at midnight UTC on New Year's Day happened at 01:00 in the Netherlands.
    expect(times).toContain("2026-01-01T01:00:00+01:00");
  });

  it("offers a report and a question to filter on, and says the chosen ones in words with a link to take them off", async () => {
    const helmond = await idOf(t.db, "Gemeente Helmond");
    const report = await t.db
      .selectFrom("report")
      .select(["id", "year"])
      .where("organisation_id", "=", helmond)
      .orderBy("year", "desc")
      .executeTakeFirstOrThrow();
    const question = await t.db.selectFrom("indicator").select(["id", "label", "year"]).orderBy("id").executeTakeFirstOrThrow();
    // Without an organisation: no report to choose yet, and a hint how to get one; the questions by year.
    const plain = await renderPage(new URLSearchParams());
    expect(plain.html).not.toContain('id="rapportage"');
    expect(textOf(plain.html)).toContain("Kies dan eerst een organisatie");
    expect(plain.html).toMatch(/<label[^>]*for="vraag"[^>]*>Vraag<\/label>/);
    expect(plain.html).toContain(`<optgroup label="Vragenlijst ${question.year}">`);
    // With the organisation: its reports by year; chosen, the filter reads as words and can be taken off.
    const query = new URLSearchParams({ organisatie: String(helmond), rapportage: String(report.id), vraag: String(question.id) });
    const chosen = await renderPage(query);
    expect(chosen.status).toBe(200);
    expect(chosen.html).toMatch(/<label[^>]*for="rapportage"[^>]*>Rapportage<\/label>/);
    expect(chosen.html).toContain(`<option value="${report.id}" selected="">Rapportage ${report.year}</option>`);
    const text = textOf(chosen.html);
    expect(text).toContain(`Alleen gebeurtenissen over de rapportage ${report.year} van Gemeente Helmond.`);
    expect(text).toContain(`Alleen gebeurtenissen over de vraag '${question.label}' (${question.year}).`);
    expect(chosen.html).toContain(
      `href="/beheer/audit?organisatie=${helmond}&amp;vraag=${question.id}" data-client-nav="" class="nl-link">Filter op rapportage weghalen</a>`,
    );
    expect(chosen.html).toContain(
      `href="/beheer/audit?organisatie=${helmond}&amp;rapportage=${report.id}" data-client-nav="" class="nl-link">Filter op vraag weghalen</a>`,
    );
    // One that cannot be used: said next to its field, and the download refused rather than wider.
    const wrong = await renderPage(new URLSearchParams({ rapportage: "999999", vraag: "geen-getal" }));
    expect(wrong.html).toContain('id="rapportage-error"');
    expect(textOf(wrong.html)).toContain("Deze rapportage bestaat niet (meer). Er is niet op gezocht.");
    expect(textOf(wrong.html)).toContain("Kies een vraag uit de lijst. Er is niet op deze vraag gezocht.");
    expect(wrong.html).toContain('aria-describedby="vraag-error"');
    expect((await downloadCsv(new URLSearchParams({ rapportage: "999999" }))).status).toBe(400);
    expect((await downloadCsv(new URLSearchParams({ vraag: "geen-getal" }))).status).toBe(400);
  });

  it("answers hostile filter values with the page or a Dutch refusal, never an error", async () => {
    const values = [
      "",
      "-1",
      "0",
      "99999999999999999999999",
      "1e308",
      "NaN",
      "2024.5",
      "0x7E8",
      "２０２４",
      "'; drop table report; --",
      "<script>",
      "%",
      "\u0000",
      "\uD800",
      "x".repeat(400),
    ];
    for (const value of values) {
      const query = new URLSearchParams(["rapportage", "vraag", "handeling", "organisatie", "pagina"].map((n) => [n, value]));
      query.append("rapportage", "1");
      const page = await renderPage(query);
      expect(page.status, JSON.stringify(value)).toBe(200);
      expect(page.html, JSON.stringify(value)).toContain("gebeurtenissen gevonden");
      expect([200, 400], JSON.stringify(value)).toContain((await downloadCsv(query)).status);
    }
  });

  it("says an unknown code in Dutch, never as the code", () => {
    expect(auditActionLabel("report.archived")).toBe(AUDIT_ACTION_FALLBACK);
    expect(auditActionLabel("constructor")).toBe(AUDIT_ACTION_FALLBACK);
    expect(auditActionLabel("report.saved")).toBe("Rapportage opgeslagen");
  });
});

// The registry keeps up with the code -----------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return ["+types", "node_modules", "migrations"].includes(e.name) ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [rel] : [];
  });
}

const CODE_SHAPE = /^[a-z][a-z_]*(\.[a-z][a-z_]*)?$/;
/** The string literals an expression can have as its value: the whole expression, or a ternary's branches (not what it compares). */
const literals = (expression: string) =>
  [...expression.matchAll(/(?:^|[?:])\s*"([^"\n]*)"/g)].map((m) => m[1]!).filter((s) => CODE_SHAPE.test(s));
/** Every string literal of a text shaped like a code. */
const anyLiterals = (text: string) => [...text.matchAll(/"([^"\n]*)"/g)].map((m) => m[1]!).filter((s) => CODE_SHAPE.test(s));

/**
 * The audit codes a module writes, read from its text: the string literals of every `action:`
 * value (a ternary's too, over several lines) and of every call of a local `audit(` helper. In
 * document-workflow.server.ts a literal without a dot is a workflow step (prefixed by the
 * document's auditPrefix), as is an `action: name` whose constant is defined from literals.
 */
export function writtenCodes(file: string, text: string): { codes: string[]; steps: string[] } {
  if (!text.includes("recordAuditEvent")) return { codes: [], steps: [] };
  const found: string[] = [];
  for (const m of text.matchAll(/\baction:\s*([^,\n}]*(?:\n\s*[?:][^,\n}]*)*)/g)) {
    found.push(...literals(m[1]!));
    // `action: to`: the literals the constant is made of.
    const name = /^(\w+)\s*$/.exec(m[1]!)?.[1];
    const definition = name ? new RegExp(`const ${name}\\b[^=]*=([^;]*);`).exec(text) : null;
    if (definition) found.push(...literals(definition[1]!.trim()));
  }
  for (const m of text.matchAll(/\baudit\(([^)]*)\)/g)) found.push(...anyLiterals(m[1]!).filter((s) => s.includes(".")));
  const workflow = file.endsWith("document-workflow.server.ts");
  return {
    codes: [...new Set(found.filter((s) => !workflow || s.includes(".")))],
    steps: [...new Set(found.filter((s) => workflow && !s.includes(".")))],
  };
}

/** Which workflow action records which step. */
const STEP_OF: Record<string, DocumentAction> = {
  submitted: "submit",
  accepted: "accept",
  returned: "return",
  revised: "revise",
  reopened: "reopen",
};
/** The documents' audit prefixes (auditPrefix in action-plan.server.ts and report.server.ts). */
const KIND_OF_PREFIX: Record<string, DocumentKind> = { action_plan: "plan", report: "report" };

describe("the registry of audit actions", () => {
  const files = [...sourceFiles("app"), ...sourceFiles("scripts"), ...sourceFiles("db")];
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
  const written = new Set<string>();
  const steps = new Set<string>();
  for (const [file, text] of texts) {
    const w = writtenCodes(file, text);
    w.codes.forEach((c) => written.add(c));
    w.steps.forEach((s) => steps.add(s));
  }
  const prefixes = new Set([...texts.values()].flatMap((text) => [...text.matchAll(/\bauditPrefix:\s*"(\w+)"/g)].map((m) => m[1]!)));
  // A step is written for a document when its workflow allows the step from some status.
  for (const prefix of prefixes) {
    for (const step of steps) {
      const kind = KIND_OF_PREFIX[prefix];
      const action = STEP_OF[step];
      if (!kind || !action || DOCUMENT_TRANSITIONS[kind][action].length > 0) written.add(`${prefix}.${step}`);
    }
  }

  it("finds the codes written in every way the code writes them", () => {
    expect([...prefixes].sort()).toEqual(Object.keys(KIND_OF_PREFIX).sort());
    expect([...steps].sort()).toEqual(Object.keys(STEP_OF).sort());
    expect([...written]).toEqual(
      expect.arrayContaining([
        "login.success",
        "logout",
        // A ternary, a positional argument, a workflow step through a constant, a script.
        "organisation.deactivated",
        "user.activated",
        "action_plan.file_removed",
        "report.started",
        "report.accepted",
        "action_plan.returned",
        "user.admin_created_by_script",
      ]),
    );
    // The ministry reopens plans as well as reports (DOCUMENT_TRANSITIONS, issue #24).
    expect(written.has("action_plan.reopened")).toBe(true);
    expect(written.has("report.reopened")).toBe(true);
    expect(written.size).toBeGreaterThan(50);
  });

  it("has a Dutch label for every code the code base can write", () => {
    expect([...written].filter((code) => !Object.hasOwn(AUDIT_ACTIONS, code)).sort()).toEqual([]);
  });

  it("would catch a code that is missing (the check can fail)", () => {
    const text = `import { recordAuditEvent } from "~/models/audit.server";
      await recordAuditEvent(db, { action: "report.archived", userId });
      await recordAuditEvent(db, {
        action: args.on
          ? "thing.switched_on"
          : "thing.switched_off",
      });
      await audit(trx, actor, id, "report.moved", versionId, {});`;
    expect(writtenCodes("app/models/new.server.ts", text).codes.sort()).toEqual([
      "report.archived",
      "report.moved",
      "thing.switched_off",
      "thing.switched_on",
    ]);
    expect(writtenCodes("app/models/new.server.ts", text.replaceAll("recordAuditEvent", "somethingElse"))).toEqual({
      codes: [],
      steps: [],
    });
  });
});
