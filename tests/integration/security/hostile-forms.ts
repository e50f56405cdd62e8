import fc from "fast-check";
import { sql } from "kysely";
import { startAndFill, submitDraft } from "../../../db/demo-plans";
import { fillDemoReport, submitDemoReport } from "../../../db/demo-reports";
import { hashPassword } from "~/auth/password.server";
import type { DB } from "~/database/connection.server";
import { copyCatalogue } from "~/models/indicator.server";
import { createInvitation } from "~/models/invitation.server";
import { enableMfaWithSecret } from "~/models/mfa.server";
import { requestPasswordReset } from "~/models/password-reset.server";
import { loadGrid, stampOf } from "~/models/report-grid.server";
import { askReportQuestion, reviewReport, startReport } from "~/models/report.server";
import { askPlanQuestion } from "~/models/action-plan.server";
import { conflictsToChoose, signPreview, signRowStamps } from "~/routes/signatory/report/grid-cells.server";
import { createReportingYear } from "~/models/reporting-year.server";
import { THEME_CODES } from "~/models/theme";
import { nowIso } from "~/utils/time";
import { contentHash } from "../../helpers/db-hash";
import { field, hostileFile, intentField, type FieldValue } from "../../helpers/hostile";
import { createWorld, REPORT_YEAR, type World, type WorldSpec } from "../../helpers/world";
import { loginAs, pendingLoginCookie, testSessionSecret } from "../../e2e/login-as";

/**
 * Every form of the portal, for the hostile-input test: where it posts, as whom, which fields it
 * has (each a fast-check generator of plausible and hostile values) and what "stored" means for
 * it (a hash over exactly the rows the form could change). A new form is one more entry.
 *
 * `setup` runs once per form and returns its own target (a generated organisation, or a private
 * reporting year), so forms can be fuzzed one after another on one database without seeing
 * each other's changes. `{lock}` in a value is replaced by the current lock version before
 * sending, so some submissions are valid and must be stored.
 */
export type FormTarget = {
  url: string;
  cookie: string;
  stored: () => Promise<string>;
  lock?: () => Promise<number>;
  fields: Record<string, fc.Arbitrary<FieldValue>>;
  multipart?: boolean;
  /**
   * More `{name}` values, read before each submission like `{lock}`: what the page would carry
   * now (the grid's signed stamps), so valid submissions can be generated.
   */
  values?: () => Promise<Record<string, string>>;
  /** Intents that answer 200 without a message when the input is valid (autosave). */
  quietIntents?: string[];
};
export type FormDescriptor = {
  name: string;
  /**
   * The URL pattern of the route module whose action the form posts to, as app/routes.ts spells
   * it ("/organisatie/:slug/actieplan/algemeen"). tests/unit/hostile-coverage.test.ts fails when a
   * route with an action is neither here nor in NOT_FUZZED; the hostile spec checks that `url`
   * matches it.
   */
  route: string;
  setup: (db: DB) => Promise<FormTarget>;
};

const year = fc.integer({ min: 2018, max: 2040 }).map(String);
const small = fc.integer({ min: 0, max: 6 }).map(String);
const lockField = field(fc.constantFrom("{lock}", "{lock}", "1", "0"));
const text = fc.constantFrom(
  "Duurzaam inkopen van energie",
  "Social return bij elke aanbesteding",
  "Een korte toelichting van meer dan tien tekens.",
);
const dutchNumber = fc.constantFrom("250.000", "1,5", "12", "0", "1.234.567", "3,25");
const date = fc.constantFrom("2024-03-12", "2025-01-01", "2031-12-31", "2024-02-29");
const answerState = fc.constantFrom("waarde", "onbekend", "nvt", "value", "unknown");

/** A generated organisation with an editor, a plan draft with actions and a report draft. */
async function ownOrganisation(
  db: DB,
  tag: string,
  organisations: WorldSpec["organisations"] = [{ signedVia: null, plan: true, actions: 2, report: true }],
) {
  const world = await createWorld(db, { organisations, users: [{ memberships: [{ organisation: 0, role: "editor" }] }] }, tag);
  const org = world.organisations[0]!;
  const ids = world.organisations.map((o) => o.id);
  return {
    world,
    org,
    base: `/organisatie/${org.slug}`,
    cookie: await loginAs(db, { id: world.users[0]!.id }),
    stored: () => contentHash(db, { organisationIds: ids }),
    planLock: async () =>
      (
        await db
          .selectFrom("action_plan_version as v")
          .innerJoin("action_plan as p", "p.id", "v.plan_id")
          .select("v.lock_version")
          .where("p.organisation_id", "=", org.id)
          .where("v.status", "=", "draft")
          .executeTakeFirst()
      )?.lock_version ?? 1,
    reportLock: async () =>
      (
        await db
          .selectFrom("report_version as v")
          .innerJoin("report as r", "r.id", "v.report_id")
          .select("v.lock_version")
          .where("r.organisation_id", "=", org.id)
          .where("r.year", "=", REPORT_YEAR)
          .where("v.status", "=", "draft")
          .executeTakeFirst()
      )?.lock_version ?? 1,
  };
}

/** One character of a signed value changed: what a tampered hidden field looks like. */
const tampered = (signed: string) => `${signed.slice(0, 5)}${signed[5] === "A" ? "B" : "A"}${signed.slice(6)}`;

/**
 * A joint signatory with two members (one with a report draft) and the values its grid page
 * would carry now: each row's signed stamps, a conflict to choose on and an upload's changes to
 * confirm (each for the first question), and tampered copies of them.
 */
async function gridOrganisation(db: DB, tag: string) {
  const o = await ownOrganisation(db, tag, [
    { signedVia: null, plan: false, actions: 0, report: false },
    { signedVia: 0, plan: false, actions: 0, report: true },
    { signedVia: 0, plan: false, actions: 0, report: false },
  ]);
  const userId = o.world.users[0]!.id;
  const where = { signatoryId: o.org.id, year: REPORT_YEAR };
  const members = o.world.organisations.slice(1).map((m) => m.id);
  const codes = (
    await db
      .selectFrom("indicator")
      .select("code")
      .where("year", "=", REPORT_YEAR)
      .where("section", "=", "algemeen")
      .where("unit", "!=", "text")
      .execute()
  ).map((r) => r.code);
  const values = async () => {
    const grid = await loadGrid(db, { userId, ...where, section: "algemeen" });
    const found: Record<string, string> = {};
    const first = grid.indicators.find((i) => i.code === codes[0])!;
    for (const row of grid.rows) {
      const stamps = Object.fromEntries(grid.indicators.map((i) => [i.code, stampOf(row.answers[i.code])]));
      found[`stempel-${row.organisationId}`] = signRowStamps({ ...where, section: "algemeen", organisationId: row.organisationId }, stamps);
      found[`vervalst-${row.organisationId}`] = tampered(found[`stempel-${row.organisationId}`]!);
    }
    const now = (m: number) => stampOf(grid.rows.find((r) => r.organisationId === m)!.answers[first.code]);
    const conflicts = members.map((m) => ({
      organisationId: m,
      organisation: "Lid",
      code: first.code,
      question: first.label,
      section: "algemeen" as const,
      indicator: { unit: first.unit, choices: first.choices },
      then: null,
      now: null,
      mine: null,
      text: "77",
      explanation: null,
      changedBy: null,
      changedAt: null,
      stampNow: now(m),
    }));
    found.conflicten = conflictsToChoose({ ...where, userId }, conflicts).token;
    found["conflicten-vervalst"] = tampered(found.conflicten);
    found.wijzigingen = signPreview(
      { ...where, userId },
      members.map((m) => ({ organisationId: m, code: first.code, text: "55", stamp: now(m) })),
    );
    found["wijzigingen-vervalst"] = tampered(found.wijzigingen);
    return found;
  };
  return { ...o, url: `${o.base}/rapportage/${REPORT_YEAR}/raster?onderdeel=algemeen`, members, codes, values };
}

async function sectionCodes(db: DB, section: string) {
  return (
    await db
      .selectFrom("indicator")
      .select(["code", "unit"])
      .where("year", "=", REPORT_YEAR)
      .where("section", "=", section as "algemeen")
      .execute()
  ).map((r) => r.code);
}

/** Reporting years from 2090 on belong to this test: no other test uses them. */
const PRIVATE_YEAR = 2095;
/** What the year form may change (years from 2090 on, their questions except the indicator form's year) or the indicator form (that year's questions). */
/** The administrator, and a catalogue of PRIVATE_YEAR (not opened: questions can be added and retired) for the admin forms. */
async function privateCatalogue(db: DB) {
  const admin = await adminActor(db);
  if (await ensureYear(db, admin, PRIVATE_YEAR)) await copyCatalogue(db, { from: REPORT_YEAR, to: PRIVATE_YEAR, actor: admin });
  return admin;
}

/** The demo administrator as the models' actor. */
async function adminActor(db: DB) {
  const user = await db.selectFrom("user").select("id").where("email", "=", "beheer@ienw.example").executeTakeFirstOrThrow();
  return { userId: user.id, email: "beheer@ienw.example", ip: "192.0.2.8" };
}

/** A reporting year that opens the January after it; true when it was made now. */
async function ensureYear(db: DB, admin: Awaited<ReturnType<typeof adminActor>>, year: number): Promise<boolean> {
  if (await db.selectFrom("reporting_year").select("year").where("year", "=", year).executeTakeFirst()) return false;
  await createReportingYear(db, { year, opensAt: `${year + 1}-01-15`, dueAt: `${year + 1}-04-01`, actor: admin });
  return true;
}

const privateYears = (db: DB, which: "years" | "indicators") => async () => {
  const years =
    which === "years"
      ? (await sql`select * from reporting_year where year >= 2090 and year != ${PRIVATE_YEAR} order by year`.execute(db)).rows
      : [];
  const indicators =
    await sql`select * from indicator where year >= 2090 and (year = ${PRIVATE_YEAR}) = ${which === "indicators" ? 1 : 0} order by id`.execute(
      db,
    );
  return JSON.stringify([years, indicators.rows]);
};
/** Year-like values, but never one between 2020 and 2089, which other tests may create. */
const safeYearField = field(fc.constantFrom("2090", "2091", "2093", "2025", "2100", "2101", "2019")).filter((v) => {
  const values = Array.isArray(v) ? v : [v];
  return values.every((x) => typeof x !== "string" || !(Number(x.trim()) >= 2020 && Number(x.trim()) < 2090));
});

/** A reporting year of the deadline form's own: below 2090, where the year form's generator and hash look, and above what other tests create. */
const EXTENSION_YEAR = 2089;

/** The audit events of some actions, as "what this form stored". */
const auditRows = (db: DB, actions: string[]) => async () =>
  JSON.stringify(
    await db.selectFrom("audit_event").select(["id", "action", "detail"]).where("action", "in", actions).orderBy("id").execute(),
  );

/** A CSV file in the format of db/signatories.csv: sometimes valid, sometimes not. */
const csvFile: fc.Arbitrary<FieldValue> = fc
  .constantFrom(
    `name,kind,sector,signed_via,source\nGemeente Bestandfuzz ${process.pid},gemeente,Gemeenten,,\n`,
    "name,kind,sector,signed_via,source\nGemeente X,dorp,Gemeenten,,\n",
    "name;kind;sector\nx;y;z\n",
  )
  .map((text) => ({ file: new TextEncoder().encode(text), name: "organisaties.csv", type: "text/csv" }));

/** A user with a fresh password-reset link (the token is read back the way the e-mail has it). */
async function resetToken(db: DB, email: string): Promise<{ token: string; userId: number }> {
  const { id } = await db
    .insertInto("user")
    .values({ email, name: "Fuzz", password_hash: await hashPassword("oud-wachtwoord-123"), created_at: nowIso(), last_login_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await requestPasswordReset(db, { email, origin: "http://127.0.0.1", ip: "192.0.2.8" });
  const mail = await db
    .selectFrom("mail_message")
    .select("text_body")
    .where("recipient", "=", email)
    .where("kind", "=", "password-reset")
    .executeTakeFirstOrThrow();
  return { token: /\/wachtwoord-herstellen\/([A-Za-z0-9_-]{43})/.exec(mail.text_body)![1]!, userId: id };
}

/** A generated user with MFA on (a secret nobody in the test knows the codes of). */
async function mfaUser(db: DB, tag: string): Promise<{ id: number }> {
  const world = await createWorld(
    db,
    {
      organisations: [{ signedVia: null, plan: false, actions: 0, report: false }],
      users: [{ memberships: [{ organisation: 0, role: "editor" }] }],
    },
    tag,
  );
  const user = world.users[0]!;
  await db
    .updateTable("user")
    .set({ password_hash: await hashPassword("oud-wachtwoord-123") })
    .where("id", "=", user.id)
    .execute();
  await enableMfaWithSecret(db, { userId: user.id, secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", keys: [testSessionSecret()] });
  return user;
}

/**
 * What the MFA forms may change for a user: an app that is on, the recovery codes, sessions. (A
 * set-up page itself starts an unconfirmed set-up each time it is shown; that is not stored MFA.)
 */
const mfaRows = (db: DB, userId: number) => async () =>
  JSON.stringify([
    await db.selectFrom("user_mfa").selectAll().where("user_id", "=", userId).where("confirmed_at", "is not", null).execute(),
    await db.selectFrom("mfa_recovery_code").select(["code_hash", "used_at"]).where("user_id", "=", userId).orderBy("id").execute(),
    (await db.selectFrom("session").select("id_hash").where("user_id", "=", userId).execute()).length,
  ]);

export const FORMS: FormDescriptor[] = [
  {
    name: "login",
    route: "/inloggen",
    setup: async (db) => {
      const email = `hostile-login-${process.pid}@example.org`;
      const now = nowIso();
      const { id } = await db
        .insertInto("user")
        .values({ email, name: "Fuzz", password_hash: await hashPassword("juist-wachtwoord-123"), created_at: now, last_login_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      return {
        url: "/inloggen",
        cookie: "",
        stored: async () =>
          JSON.stringify(await db.selectFrom("user").select(["email", "password_hash", "active"]).where("id", "=", id).execute()),
        fields: {
          // Few distinct addresses: after ten failures each is throttled, so the run stays fast.
          email: field(fc.constantFrom(email, `other-${process.pid}@example.org`, "geen-adres")),
          password: field(fc.constantFrom("juist-wachtwoord-123", "fout")),
          redirectTo: field(fc.constantFrom("/", "//evil.example", "/\\evil.example", "/ministerie")),
        },
      };
    },
  },
  {
    name: "plan: general section",
    route: "/organisatie/:slug/actieplan/algemeen",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-general");
      return {
        url: `${o.base}/actieplan/algemeen`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        quietIntents: ["autosave"],
        fields: {
          intent: intentField(["save", "autosave", "remove-file"]),
          lockVersion: lockField,
          periodStartYear: field(year),
          periodEndYear: field(year),
          adoptedState: field(fc.constantFrom("adopted", "not_yet")),
          adoptedOn: field(date),
          publishedUrl: field(fc.constantFrom("https://www.example.nl/plan.pdf", "http://x.nl", "ftp://x.nl", "javascript:alert(1)")),
        },
      };
    },
  },
  {
    name: "plan: PDF upload",
    route: "/organisatie/:slug/actieplan/algemeen",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-upload");
      return {
        url: `${o.base}/actieplan/algemeen`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        multipart: true,
        fields: { intent: intentField(["upload"]), lockVersion: lockField, bestand: hostileFile },
      };
    },
  },
  {
    name: "plan: themes section",
    route: "/organisatie/:slug/actieplan/themas",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-themes");
      const fields: Record<string, fc.Arbitrary<FieldValue>> = { intent: intentField(["save", "autosave"]), lockVersion: lockField };
      for (const code of THEME_CODES.slice(0, 3)) {
        fields[`themes.${code}.chosen`] = field(fc.constantFrom("on", "true", "ja"));
        fields[`themes.${code}.currentStep`] = field(small);
        fields[`themes.${code}.criteriaLevel`] = field(fc.constantFrom("basis", "significant", "ambitieus"));
        fields[`themes.${code}.ambition`] = field(text);
        fields[`themes.${code}.targets[0]`] = field(small);
        fields[`themes.${code}.targets[9]`] = field(small);
      }
      return {
        url: `${o.base}/actieplan/themas`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        quietIntents: ["autosave"],
        fields,
      };
    },
  },
  {
    name: "plan: resources section",
    route: "/organisatie/:slug/actieplan/middelen",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-resources");
      return {
        url: `${o.base}/actieplan/middelen`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        quietIntents: ["autosave"],
        fields: {
          intent: intentField(["save", "autosave"]),
          lockVersion: lockField,
          budgetEur: field(dutchNumber),
          staffFte: field(dutchNumber),
        },
      };
    },
  },
  {
    name: "plan: actions (add, move, remove)",
    route: "/organisatie/:slug/actieplan/acties",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-actions");
      return {
        url: `${o.base}/actieplan/acties`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        fields: {
          intent: intentField(["save-action", "up", "down", "remove"]),
          lockVersion: lockField,
          actionId: field(fc.constantFrom(...o.org.actionIds.map(String), "999999")),
          title: field(text),
          themes: field(fc.constantFrom(...THEME_CODES)),
          owner: field(text),
          plannedYear: field(year),
          plannedQuarter: field(small),
          status: field(fc.constantFrom("planned", "running", "done", "dropped")),
        },
      };
    },
  },
  {
    name: "plan: action edit",
    route: "/organisatie/:slug/actieplan/acties/:actionId",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-action-edit");
      return {
        url: `${o.base}/actieplan/acties/${o.org.actionIds[0]}`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        fields: {
          intent: intentField(["save-action"]),
          lockVersion: lockField,
          title: field(text),
          themes: field(fc.constantFrom(...THEME_CODES)),
          owner: field(text),
          plannedYear: field(year),
          plannedQuarter: field(small),
          status: field(fc.constantFrom("planned", "running", "done", "dropped")),
        },
      };
    },
  },
  {
    name: "report: question section",
    route: "/organisatie/:slug/rapportage/:year/:section",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-section");
      const fields: Record<string, fc.Arbitrary<FieldValue>> = {
        intent: intentField(["save", "autosave", "prefill"]),
        lockVersion: lockField,
      };
      for (const code of (await sectionCodes(db, "algemeen")).slice(0, 6)) {
        fields[`staat.${code}`] = field(answerState);
        fields[`waarde.${code}`] = field(dutchNumber);
        fields[`toelichting.${code}`] = field(text);
      }
      return {
        url: `${o.base}/rapportage/${REPORT_YEAR}/algemeen`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.reportLock,
        quietIntents: ["autosave"],
        fields,
      };
    },
  },
  {
    name: "plan: start and revise",
    route: "/organisatie/:slug/actieplan",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-plan-start", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      return { url: `${o.base}/actieplan`, cookie: o.cookie, stored: o.stored, fields: { intent: intentField(["start", "revise"]) } };
    },
  },
  {
    name: "plan: answer the ministry's questions",
    route: "/organisatie/:slug/actieplan",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-plan-answer", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      await startAndFill(db, actor, o.org.id);
      await submitDraft(db, actor, o.org.id);
      const reviewer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "analist@ienw.example")
        .executeTakeFirstOrThrow();
      const ministry = { userId: reviewer.id, email: reviewer.email, ip: "192.0.2.8" };
      const theme = await db
        .selectFrom("action_plan_theme as t")
        .innerJoin("action_plan_version as v", "v.id", "t.version_id")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("t.theme")
        .where("p.organisation_id", "=", o.org.id)
        .where("t.chosen", "=", 1)
        .executeTakeFirstOrThrow();
      const asked = await askPlanQuestion(db, {
        actor: ministry,
        organisationId: o.org.id,
        versionNumber: 1,
        target: "theme",
        item: theme.theme,
        text: "Hoe bereikt u deze stap?",
        followUp: false,
      });
      return {
        url: `${o.base}/actieplan`,
        cookie: o.cookie,
        stored: o.stored,
        fields: {
          intent: intentField(["answer-question"]),
          seen: field(fc.constantFrom("", "", "2026-01-01T00:00:00.000Z", "gisteren")),
          questionId: field(fc.constantFrom(String(asked), String(asked), "0", "abc", "99999999")),
          answer: field(text),
        },
      };
    },
  },
  {
    name: "plan: check and submit",
    route: "/organisatie/:slug/actieplan/controleren",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-plan-submit");
      return {
        url: `${o.base}/actieplan/controleren`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.planLock,
        fields: { lockVersion: lockField, intent: intentField(["submit"]) },
      };
    },
  },
  {
    name: "report: start and revise",
    route: "/organisatie/:slug/rapportage/:year",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-report-start", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      return {
        url: `${o.base}/rapportage/${REPORT_YEAR}`,
        cookie: o.cookie,
        stored: o.stored,
        fields: { intent: intentField(["start", "revise"]) },
      };
    },
  },
  {
    name: "report: answer the ministry's questions on values",
    route: "/organisatie/:slug/rapportage/:year",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-report-answer", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      await fillDemoReport(db, actor, o.org.id, REPORT_YEAR);
      await submitDemoReport(db, actor, o.org.id, REPORT_YEAR);
      const reviewer = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "analist@ienw.example")
        .executeTakeFirstOrThrow();
      const ministry = { userId: reviewer.id, email: reviewer.email, ip: "192.0.2.8" };
      const code = (
        await db.selectFrom("indicator").select("code").where("year", "=", REPORT_YEAR).orderBy("position").executeTakeFirstOrThrow()
      ).code;
      const asked = await askReportQuestion(db, {
        actor: ministry,
        organisationId: o.org.id,
        year: REPORT_YEAR,
        versionNumber: 1,
        target: "answer",
        item: code,
        text: "Klopt deze waarde?",
        followUp: false,
      });
      await reviewReport(db, {
        actor: ministry,
        organisationId: o.org.id,
        year: REPORT_YEAR,
        versionNumber: 1,
        decision: "return",
        reason: "Zie de vraag.",
      });
      return {
        url: `${o.base}/rapportage/${REPORT_YEAR}`,
        cookie: o.cookie,
        stored: o.stored,
        fields: {
          intent: intentField(["answer-question"]),
          seen: field(fc.constantFrom("", "", "2026-01-01T00:00:00.000Z", "gisteren")),
          questionId: field(fc.constantFrom(String(asked), String(asked), "0", "abc", "99999999")),
          answer: field(text),
        },
      };
    },
  },
  {
    name: "report: check and submit",
    route: "/organisatie/:slug/rapportage/:year/controleren",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-report-submit");
      return {
        url: `${o.base}/rapportage/${REPORT_YEAR}/controleren`,
        cookie: o.cookie,
        stored: o.stored,
        lock: o.reportLock,
        fields: { lockVersion: lockField, intent: intentField(["submit"]) },
      };
    },
  },
  {
    name: "report: progress on the plan",
    route: "/organisatie/:slug/rapportage/:year/voortgang",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-progress", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.9" };
      await startAndFill(db, actor, o.org.id);
      await submitDraft(db, actor, o.org.id);
      await startReport(db, { actor, organisationId: o.org.id, year: REPORT_YEAR, today: `${REPORT_YEAR + 1}-02-01` });
      const actions = await db
        .selectFrom("action_plan_action as a")
        .innerJoin("action_plan_version as v", "v.id", "a.version_id")
        .innerJoin("action_plan as p", "p.id", "v.plan_id")
        .select("a.lineage_id")
        .where("p.organisation_id", "=", o.org.id)
        .execute();
      const fields: Record<string, fc.Arbitrary<FieldValue>> = { lockVersion: lockField };
      for (const a of actions.slice(0, 3)) {
        fields[`stand.${a.lineage_id}`] = field(fc.constantFrom("not_started", "running", "done", "dropped", "planned", ""));
        fields[`notitie.${a.lineage_id}`] = field(text);
      }
      return { url: `${o.base}/rapportage/${REPORT_YEAR}/voortgang`, cookie: o.cookie, stored: o.stored, lock: o.reportLock, fields };
    },
  },
  {
    name: "report: Unie grid",
    route: "/organisatie/:slug/rapportage/:year/raster",
    setup: async (db) => {
      const o = await gridOrganisation(db, "hf-grid");
      const fields: Record<string, fc.Arbitrary<FieldValue>> = { intent: intentField(["save"]) };
      for (const member of o.members) {
        fields[`stempel.${member}`] = field(fc.constantFrom(`{stempel-${member}}`, `{stempel-${member}}`, `{vervalst-${member}}`));
        for (const code of o.codes.slice(0, 4)) {
          fields[`c.${member}.${code}`] = field(fc.constantFrom("12", "1.500", "onbekend", "nvt", "2,5", ""));
          fields[`t.${member}.${code}`] = field(fc.constantFrom("Nieuw contract.", ""));
        }
      }
      return { url: o.url, cookie: o.cookie, stored: o.stored, fields, values: o.values };
    },
  },
  {
    name: "report: Unie grid, choosing on conflicts",
    route: "/organisatie/:slug/rapportage/:year/raster",
    setup: async (db) => {
      const o = await gridOrganisation(db, "hf-grid-conflict");
      const fields: Record<string, fc.Arbitrary<FieldValue>> = {
        intent: intentField(["conflicten"]),
        conflicten: field(fc.constantFrom("{conflicten}", "{conflicten}", "{conflicten-vervalst}")),
      };
      for (const member of o.members) fields[`keuze.${member}.${o.codes[0]!}`] = field(fc.constantFrom("mijn", "opgeslagen"));
      return { url: o.url, cookie: o.cookie, stored: o.stored, fields, values: o.values };
    },
  },
  {
    name: "report: Excel import",
    route: "/organisatie/:slug/rapportage/:year/raster",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-xlsx", [
        { signedVia: null, plan: false, actions: 0, report: false },
        { signedVia: 0, plan: false, actions: 0, report: false },
      ]);
      return {
        url: `${o.base}/rapportage/${REPORT_YEAR}/raster?onderdeel=algemeen`,
        cookie: o.cookie,
        stored: o.stored,
        multipart: true,
        fields: { intent: intentField(["upload"]), bestand: hostileFile },
      };
    },
  },
  {
    name: "report: Excel import, confirming the preview",
    route: "/organisatie/:slug/rapportage/:year/raster",
    setup: async (db) => {
      const o = await gridOrganisation(db, "hf-xlsx-confirm");
      return {
        url: o.url,
        cookie: o.cookie,
        stored: o.stored,
        fields: {
          intent: intentField(["bevestigen"]),
          wijzigingen: field(fc.constantFrom("{wijzigingen}", "{wijzigingen}", "{wijzigingen-vervalst}")),
        },
        values: o.values,
      };
    },
  },
  {
    name: "ministry: plan review (accept, return with a reason, reopen)",
    route: "/ministerie/actieplannen/:slug",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-plan-review", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      await startAndFill(db, actor, o.org.id);
      await submitDraft(db, actor, o.org.id);
      return {
        url: `/ministerie/actieplannen/${o.org.slug}`,
        cookie: await loginAs(db, { email: "analist@ienw.example" }),
        stored: o.stored,
        fields: {
          intent: intentField(["accept", "return", "reopen", "ask", "close-question"]),
          reason: field(text),
          version: field(fc.constantFrom("1", "2")),
          about: field(fc.constantFrom("theme:klimaat", "theme:bestaat-niet", "action:1", "answer:inkoopvolume", "thema")),
          question: field(text),
          followUp: field(fc.constantFrom("on", "")),
          questionId: field(fc.constantFrom("1", "0", "abc", "99999999")),
        },
      };
    },
  },
  {
    name: "ministry: report review (accept, return with a reason, reopen)",
    route: "/ministerie/rapportages/:slug/:year",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-report-review", [{ signedVia: null, plan: false, actions: 0, report: false }]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      await fillDemoReport(db, actor, o.org.id, REPORT_YEAR);
      await submitDemoReport(db, actor, o.org.id, REPORT_YEAR);
      return {
        url: `/ministerie/rapportages/${o.org.slug}/${REPORT_YEAR}`,
        cookie: await loginAs(db, { email: "analist@ienw.example" }),
        stored: o.stored,
        fields: {
          intent: intentField(["accept", "return", "reopen", "ask", "close-question"]),
          reason: field(text),
          version: field(fc.constantFrom("1", "2")),
          // A question on one value: which value, the question, the follow-up mark; closing names a question.
          about: field(fc.constantFrom("answer:algemeen_inkoopvolume", "answer:bestaat_niet", "action:1", "answer:", "vraag")),
          question: field(text),
          followUp: field(fc.constantFrom("on", "")),
          questionId: field(fc.constantFrom("1", "0", "abc", "99999999")),
        },
      };
    },
  },
  {
    name: "ministry: accept several reports together",
    route: "/ministerie/rapportages/accepteren",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-bulk-accept", [
        { signedVia: null, plan: false, actions: 0, report: false },
        { signedVia: 0, plan: false, actions: 0, report: false },
      ]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      for (const org of o.world.organisations) {
        await fillDemoReport(db, actor, org.id, REPORT_YEAR);
        await submitDemoReport(db, actor, org.id, REPORT_YEAR);
      }
      const [a, b] = o.world.organisations;
      return {
        url: "/ministerie/rapportages/accepteren",
        cookie: await loginAs(db, { email: "analist@ienw.example" }),
        stored: o.stored,
        fields: {
          jaar: field(fc.constantFrom(String(REPORT_YEAR), String(REPORT_YEAR), "1999", "２０２５")),
          keuze: field(fc.constantFrom(`${a!.slug}:1`, `${b!.slug}:1`, `${a!.slug}:2`, "bestaat-niet:1", `${b!.slug}`, "bestaat:niet")),
        },
      };
    },
  },
  {
    name: "ministry: accept several plans together",
    route: "/ministerie/actieplannen/accepteren",
    setup: async (db) => {
      const o = await ownOrganisation(db, "hf-bulk-plans", [
        { signedVia: null, plan: false, actions: 0, report: false },
        { signedVia: 0, plan: false, actions: 0, report: false },
      ]);
      const actor = { userId: o.world.users[0]!.id, email: o.world.users[0]!.email, ip: "192.0.2.7" };
      for (const org of o.world.organisations) {
        await startAndFill(db, actor, org.id);
        await submitDraft(db, actor, org.id);
      }
      const [a, b] = o.world.organisations;
      return {
        url: "/ministerie/actieplannen/accepteren",
        cookie: await loginAs(db, { email: "analist@ienw.example" }),
        stored: o.stored,
        fields: {
          keuze: field(fc.constantFrom(`${a!.slug}:1`, `${b!.slug}:1`, `${a!.slug}:2`, "bestaat-niet:1", `${b!.slug}`, "bestaat:niet")),
          jaar: field(fc.constantFrom(String(REPORT_YEAR), "", "1999")),
        },
      };
    },
  },
  {
    name: "admin: reporting year and catalogue copy",
    route: "/beheer/catalogus",
    setup: async (db) => ({
      url: "/beheer/catalogus",
      cookie: await loginAs(db, { email: "beheer@ienw.example" }),
      stored: privateYears(db, "years"),
      fields: {
        intent: intentField(["year", "copy"]),
        year: safeYearField,
        opensAt: field(date),
        dueAt: field(date),
        van: field(fc.constantFrom("2025", "2024", String(PRIVATE_YEAR))),
        naar: safeYearField,
      },
    }),
  },
  {
    name: "admin: indicator",
    route: "/beheer/catalogus/:id",
    setup: async (db) => {
      const admin = await privateCatalogue(db);
      const indicator = await db
        .selectFrom("indicator")
        .select("id")
        .where("year", "=", PRIVATE_YEAR)
        .where("unit", "=", "count")
        .executeTakeFirstOrThrow();
      const earlier = await db.selectFrom("indicator").select("id").where("year", "=", REPORT_YEAR).limit(2).execute();
      return {
        url: `/beheer/catalogus/${indicator.id}`,
        cookie: await loginAs(db, { id: admin.userId }),
        stored: privateYears(db, "indicators"),
        fields: {
          label: field(text),
          help: field(text),
          minValue: field(dutchNumber),
          maxValue: field(dutchNumber),
          usualMax: field(dutchNumber),
          continuesFromId: field(fc.constantFrom(...earlier.map((e) => String(e.id)), "0", "999999")),
        },
      };
    },
  },
  {
    name: "admin: new question",
    route: "/beheer/catalogus/nieuw",
    setup: async (db) => {
      const admin = await privateCatalogue(db);
      return {
        url: `/beheer/catalogus/nieuw?jaar=${PRIVATE_YEAR}`,
        cookie: await loginAs(db, { id: admin.userId }),
        stored: privateYears(db, "indicators"),
        fields: {
          section: field(fc.constantFrom("algemeen", "klimaat", "kwalitatief", "voortgang", "onbekend", "")),
          label: field(text),
          help: field(text),
          unit: field(fc.constantFrom("eur", "count", "yes_no", "text", "choice", "step", "")),
          minValue: field(dutchNumber),
          maxValue: field(dutchNumber),
          usualMax: field(dutchNumber),
        },
      };
    },
  },
  {
    name: "admin: retire a question",
    route: "/beheer/catalogus/:id",
    setup: async (db) => {
      const admin = await privateCatalogue(db);
      const indicator = await db
        .selectFrom("indicator")
        .select("id")
        .where("year", "=", PRIVATE_YEAR)
        .where("unit", "=", "text")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      return {
        url: `/beheer/catalogus/${indicator.id}`,
        cookie: await loginAs(db, { id: admin.userId }),
        stored: privateYears(db, "indicators"),
        fields: { intent: intentField(["vervallen"]), bevestig: field(fc.constantFrom("on", "", "ja")) },
      };
    },
  },
  {
    name: "admin: organisation (create)",
    route: "/beheer/organisaties/nieuw",
    setup: async (db) => {
      const signer = await db
        .selectFrom("organisation")
        .select("id")
        .where("name", "=", "Unie van Waterschappen")
        .executeTakeFirstOrThrow();
      return {
        url: "/beheer/organisaties/nieuw",
        cookie: await loginAs(db, { email: "beheer@ienw.example" }),
        // Only this form writes organisation.created events (world organisations are inserted directly).
        stored: auditRows(db, ["organisation.created"]),
        fields: {
          name: field(fc.constantFrom("Gemeente Hostiel", "Gemeente Helmond", "x", "Provincie Proef")),
          kind: field(fc.constantFrom("gemeente", "provincie", "waterschap", "stad")),
          sector: field(fc.constantFrom("gemeenten", "provincies", "Gemeenten")),
          signedViaId: field(fc.constantFrom(String(signer.id), "0", "999999", "-1")),
          signedAt: field(date),
          sourceUrl: field(fc.constantFrom("https://www.example.nl/bron", "javascript:alert(1)", "ftp://x.nl")),
        },
      };
    },
  },
  {
    name: "admin: organisation (edit, deactivate, activate)",
    route: "/beheer/organisaties/:id",
    setup: async (db) => {
      // A generated signer and an organisation signed via it: only this form touches them.
      const world = await createWorld(
        db,
        {
          organisations: [
            { signedVia: null, plan: false, actions: 0, report: false },
            { signedVia: 0, plan: false, actions: 0, report: false },
          ],
          users: [],
        },
        "hf-org-edit",
      );
      const [signer, org] = world.organisations as [World["organisations"][number], World["organisations"][number]];
      const unie = await db.selectFrom("organisation").select("id").where("name", "=", "Unie van Waterschappen").executeTakeFirstOrThrow();
      return {
        url: `/beheer/organisaties/${org.id}`,
        cookie: await loginAs(db, { email: "beheer@ienw.example" }),
        stored: async () =>
          JSON.stringify(
            await db
              .selectFrom("organisation")
              .select(["name", "kind", "sector", "signed_via_id", "signed_at", "source_url", "active"])
              .where("id", "=", org.id)
              .execute(),
          ),
        fields: {
          intent: intentField(["save", "deactivate", "activate"]),
          name: field(
            fc.constantFrom(`Gemeente Bewerkfuzz ${process.pid}`, `Gemeente Bewerkfuzz ${process.pid} twee`, "Gemeente Helmond", "x"),
          ),
          kind: field(fc.constantFrom("gemeente", "provincie", "waterschap", "stad")),
          sector: field(fc.constantFrom("gemeenten", "provincies", "Gemeenten")),
          signedViaId: field(fc.constantFrom(String(signer.id), String(org.id), String(unie.id), "0", "999999", "-1")),
          signedAt: field(date),
          sourceUrl: field(fc.constantFrom("https://www.example.nl/bron", "javascript:alert(1)", "ftp://x.nl")),
        },
      };
    },
  },
  {
    name: "admin: organisation import (CSV)",
    route: "/beheer/organisaties/importeren",
    setup: async (db) => ({
      url: "/beheer/organisaties/importeren",
      cookie: await loginAs(db, { email: "beheer@ienw.example" }),
      stored: auditRows(db, ["organisation.imported"]),
      multipart: true,
      quietIntents: ["preview"],
      fields: {
        intent: intentField(["preview", "apply"]),
        bestand: fc.oneof(hostileFile, csvFile),
        csv: field(
          fc.constantFrom(
            `name,kind,sector,signed_via,source\nGemeente Importfuzz ${process.pid},gemeente,Gemeenten,,\n`,
            "name,kind\nx,y\n",
            '"open',
          ),
        ),
      },
    }),
  },
  {
    name: "admin: invitation",
    route: "/beheer/gebruikers/uitnodigen",
    setup: async (db) => {
      const helmond = await db.selectFrom("organisation").select("id").where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow();
      return {
        url: "/beheer/gebruikers/uitnodigen",
        cookie: await loginAs(db, { email: "beheer@ienw.example" }),
        // Not the invitations other forms' set-ups create meanwhile (all to hostile-…@example.org).
        stored: async () =>
          JSON.stringify(
            await db
              .selectFrom("invitation")
              .select(["id", "email", "organisation_id", "role"])
              .where("email", "not like", "hostile-%@example.org")
              .orderBy("id")
              .execute(),
          ),
        fields: {
          email: field(fc.constantFrom("nieuw@helmond.example", "geen-adres", " SPATIE@helmond.example ")),
          organisationId: field(fc.constantFrom(String(helmond.id), "0", "999999", "abc")),
          role: field(fc.constantFrom("editor", "viewer", "reviewer", "admin", "superuser")),
        },
      };
    },
  },
  {
    name: "admin: revoke an invitation",
    route: "/beheer/gebruikers",
    setup: async (db) => {
      const helmond = await db.selectFrom("organisation").select("id").where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow();
      const admin = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "beheer@ienw.example")
        .executeTakeFirstOrThrow();
      const ids: number[] = [];
      for (const n of [1, 2, 3]) {
        const email = `hostile-revoke-${process.pid}-${n}@example.org`;
        ids.push(
          (
            await createInvitation(db, {
              actor: { userId: admin.id, email: admin.email, ip: "192.0.2.8" },
              email,
              organisationId: helmond.id,
              role: "viewer",
              origin: "http://127.0.0.1",
            })
          ).id,
        );
      }
      return {
        url: "/beheer/gebruikers",
        cookie: await loginAs(db, { id: admin.id }),
        // Only this form revokes: every revoked invitation (another form adds open ones meanwhile).
        stored: async () =>
          JSON.stringify(
            await db.selectFrom("invitation").select(["id", "revoked_at"]).where("revoked_at", "is not", null).orderBy("id").execute(),
          ),
        fields: {
          intent: intentField(["revoke"]),
          invitation: field(fc.constantFrom(...ids.map(String), "0", "999999", "abc")),
        },
      };
    },
  },
  {
    name: "admin: user (role, membership, deactivate, MFA reset)",
    route: "/beheer/gebruikers/:id",
    setup: async (db) => {
      const world = await createWorld(
        db,
        {
          organisations: [{ signedVia: null, plan: false, actions: 0, report: false }],
          users: [{ memberships: [{ organisation: 0, role: "editor" }] }],
        },
        "hf-user",
      );
      const user = world.users[0]!;
      const membership = await db.selectFrom("membership").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
      return {
        url: `/beheer/gebruikers/${user.id}`,
        cookie: await loginAs(db, { email: "beheer@ienw.example" }),
        stored: async () =>
          JSON.stringify([
            await db.selectFrom("membership").selectAll().where("user_id", "=", user.id).orderBy("id").execute(),
            await db.selectFrom("user").select("active").where("id", "=", user.id).execute(),
          ]),
        fields: {
          intent: intentField(["role", "remove", "deactivate", "activate", "reset-mfa"]),
          membershipId: field(fc.constantFrom(String(membership.id), "0", "999999")),
          role: field(fc.constantFrom("editor", "viewer", "reviewer", "admin", "superuser")),
        },
      };
    },
  },
  {
    name: "admin: reporting year dates and extensions",
    route: "/beheer/jaren/:year",
    setup: async (db) => {
      const admin = await adminActor(db);
      await ensureYear(db, admin, EXTENSION_YEAR);
      const helmond = await db.selectFrom("organisation").select("id").where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow();
      return {
        url: `/beheer/jaren/${EXTENSION_YEAR}`,
        cookie: await loginAs(db, { id: admin.userId }),
        stored: async () =>
          JSON.stringify([
            await db.selectFrom("reporting_year").select(["opens_at", "due_at"]).where("year", "=", EXTENSION_YEAR).execute(),
            await db
              .selectFrom("deadline_extension")
              .select(["organisation_id", "due_at", "reason"])
              .where("year", "=", EXTENSION_YEAR)
              .execute(),
          ]),
        fields: {
          intent: intentField(["dates", "extension", "remove-extension"]),
          opensAt: field(fc.constantFrom(`${EXTENSION_YEAR + 1}-01-15`, "2024-02-30", "2024-03-12")),
          dueAt: field(fc.constantFrom(`${EXTENSION_YEAR + 1}-04-01`, `${EXTENSION_YEAR + 1}-06-01`, "2020-01-01", "2024-02-30")),
          organisationId: field(fc.constantFrom(String(helmond.id), "0", "999999")),
          reason: field(fc.constantFrom("Herindeling per 1 januari", "x")),
        },
      };
    },
  },
  {
    name: "forgotten password",
    route: "/wachtwoord-vergeten",
    setup: async (db) => ({
      url: "/wachtwoord-vergeten",
      cookie: "",
      stored: async () =>
        JSON.stringify(
          await db.selectFrom("user").select(["id", "password_hash"]).where("email", "=", "inkoper@helmond.example").execute(),
        ),
      fields: { email: field(fc.constantFrom("onbekend@nergens.example", "geen-adres", `hostile-reset-${process.pid}@example.org`)) },
    }),
  },
  {
    name: "new password from a reset link",
    route: "/wachtwoord-herstellen/:token",
    setup: async (db) => {
      const { token, userId } = await resetToken(db, `hostile-new-password-${process.pid}@example.org`);
      return {
        url: `/wachtwoord-herstellen/${token}`,
        cookie: "",
        stored: async () => JSON.stringify(await db.selectFrom("user").select("password_hash").where("id", "=", userId).execute()),
        fields: {
          password: field(fc.constantFrom("een lang nieuw wachtwoord", "kort")),
          passwordRepeat: field(fc.constantFrom("een lang nieuw wachtwoord", "iets anders dan dat")),
        },
      };
    },
  },
  {
    name: "accepting an invitation",
    route: "/uitnodiging/:token",
    setup: async (db) => {
      const email = `hostile-invited-${process.pid}@example.org`;
      const helmond = await db.selectFrom("organisation").select("id").where("name", "=", "Gemeente Helmond").executeTakeFirstOrThrow();
      const admin = await db
        .selectFrom("user")
        .select(["id", "email"])
        .where("email", "=", "beheer@ienw.example")
        .executeTakeFirstOrThrow();
      const { token } = await createInvitation(db, {
        actor: { userId: admin.id, email: admin.email, ip: "192.0.2.8" },
        email,
        organisationId: helmond.id,
        role: "viewer",
        origin: "http://127.0.0.1",
      });
      return {
        url: `/uitnodiging/${token}`,
        cookie: "",
        stored: async () =>
          JSON.stringify(await db.selectFrom("user").select(["id", "name", "password_hash"]).where("email", "=", email).execute()),
        fields: {
          name: field(fc.constantFrom("Nieuwe Collega", "x")),
          password: field(fc.constantFrom("een lang nieuw wachtwoord", "kort")),
          passwordRepeat: field(fc.constantFrom("een lang nieuw wachtwoord", "iets anders dan dat")),
        },
      };
    },
  },
  {
    name: "login: second step (code or recovery code)",
    route: "/inloggen/code",
    setup: async (db) => {
      const user = await mfaUser(db, "hf-code");
      return {
        url: "/inloggen/code",
        cookie: await pendingLoginCookie(user.id, "code"),
        stored: mfaRows(db, user.id),
        fields: {
          intent: intentField(["code", "herstelcode"]),
          code: field(fc.constantFrom("123456", "12345", "abc-def", " 000000 ")),
          recoveryCode: field(fc.constantFrom("abcd-efgh-jkmn", "0000-0000-0000", "x")),
        },
      };
    },
  },
  {
    name: "login: set-up of the app after the password",
    route: "/inloggen/instellen",
    setup: async (db) => {
      // A ministry reviewer without the app: for this role the set-up after the password is compulsory.
      const world = await createWorld(
        db,
        {
          organisations: [{ signedVia: null, plan: false, actions: 0, report: false }],
          users: [{ memberships: [{ organisation: 0, role: "viewer" }] }],
        },
        "hf-setup",
      );
      const user = world.users[0]!;
      const ministry = await db
        .selectFrom("organisation")
        .select("id")
        .where("name", "=", "Ministerie van Infrastructuur en Waterstaat")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("membership")
        .values({ user_id: user.id, organisation_id: ministry.id, role: "reviewer", created_at: nowIso() })
        .execute();
      return {
        url: "/inloggen/instellen",
        cookie: await pendingLoginCookie(user.id, "setup"),
        stored: mfaRows(db, user.id),
        fields: { code: field(fc.constantFrom("123456", "12345", "abcdef")) },
      };
    },
  },
  {
    name: "account: MFA set-up",
    route: "/account/beveiliging/instellen",
    setup: async (db) => {
      const world = await createWorld(
        db,
        {
          organisations: [{ signedVia: null, plan: false, actions: 0, report: false }],
          users: [{ memberships: [{ organisation: 0, role: "editor" }] }],
        },
        "hf-account-setup",
      );
      const user = world.users[0]!;
      return {
        url: "/account/beveiliging/instellen",
        cookie: await loginAs(db, { id: user.id }),
        stored: mfaRows(db, user.id),
        fields: { code: field(fc.constantFrom("123456", "12345", "abcdef")) },
      };
    },
  },
  {
    name: "account: renew recovery codes, turn MFA off",
    route: "/account/beveiliging",
    setup: async (db) => {
      const user = await mfaUser(db, "hf-account");
      return {
        url: "/account/beveiliging",
        cookie: await loginAs(db, { id: user.id }),
        stored: mfaRows(db, user.id),
        fields: {
          intent: intentField(["herstelcodes", "uitzetten"]),
          password: field(fc.constantFrom("oud-wachtwoord-123", "fout")),
          code: field(fc.constantFrom("123456", "abcd-efgh-jkmn", "12")),
        },
      };
    },
  },
];

/**
 * Route modules with an action that are deliberately not fuzzed above, each with the reason.
 * tests/unit/hostile-coverage.test.ts fails for a route with an action that is in neither list.
 */
export const NOT_FUZZED: { route: string; reason: string }[] = [
  {
    route: "/uitloggen",
    reason:
      "No form fields: the action reads no body, ends the session (if any) and redirects to /inloggen?uitgelogd, so there is no field to put a message next to. hostile-input.ts still posts hostile bodies to it and expects that redirect every time, never a server error.",
  },
  {
    route: "/account/sessie",
    reason:
      "No form fields: 'Blijf ingelogd' posts nothing; the action reads no body, records a use of the session and answers JSON (401 without a session). The authorization matrix posts to it as every role.",
  },
  {
    route: "/*",
    reason: "The 404 page for every unknown URL: its action answers 404 without reading the body; no form posts to it.",
  },
];
