import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "~/database/connection.server";
import { createOrganisation } from "~/models/organisation-admin.server";
import { startReport } from "~/models/report.server";
import { addMembership, ensureUser } from "~/models/user.server";
import { pageJavaScript, REPORT_FORM_JS_BUDGET_BYTES } from "../../../scripts/lib/page-javascript";
import { REPORT_YEAR } from "../../helpers/world";
import { baseURL } from "../helpers";
import { loginAs } from "../login-as";
import { e2eServer } from "../server";

const CLIENT_DIR = path.resolve(import.meta.dirname, "../../../build/client");

/**
 * The report form is the page officers use most in the week before a deadline, on whatever
 * laptop the municipality gave them: its JavaScript has a budget (issue #8, also printed by
 * `npm run bench`). This fails the build that goes over it, with the files that add up.
 */
describe("the report form's JavaScript budget", () => {
  let db: DB;
  let cookie: string;
  let form: string;

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    // An organisation of its own with a draft report, whatever other files do to the demo reports.
    const actor = {
      userId: (await db.selectFrom("user").select("id").where("email", "=", "beheer@ienw.example").executeTakeFirstOrThrow()).id,
      email: "beheer@ienw.example",
      ip: "test",
    };
    const organisationId = await createOrganisation(db, {
      actor,
      input: { name: `Gemeente Budget ${Date.now()}`, kind: "gemeente", sector: "gemeenten" },
    });
    const userId = await ensureUser(db, { email: `budget-${Date.now()}@gemeente.example`, name: "Budget", password: null });
    await addMembership(db, { userId, organisationId, role: "editor" });
    // The demo year with its questions (a file that ran earlier on this server may have added a later year).
    const year = REPORT_YEAR;
    await startReport(db, { actor: { userId, email: "budget", ip: "test" }, organisationId, year, today: `${year + 1}-02-01` });
    const slug = (await db.selectFrom("organisation").select("slug").where("id", "=", organisationId).executeTakeFirstOrThrow()).slug;
    cookie = await loginAs(db, { id: userId });
    form = `/organisatie/${slug}/rapportage/${year}/klimaat`;
  });
  afterAll(() => db?.destroy());

  it(`stays within ${REPORT_FORM_JS_BUDGET_BYTES / 1024} KB gzip, counting every script the page names`, async () => {
    const response = await fetch(baseURL() + form, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="waarde.klimaat_aanbestedingen"');
    const { files, gzipBytes } = pageJavaScript(html, CLIENT_DIR);
    // The framework, the route manifest and the form's own modules are all counted.
    expect(files.some((f) => f.file.includes("/manifest-"))).toBe(true);
    expect(files.some((f) => f.file.includes("/entry.client-"))).toBe(true);
    expect(files.some((f) => f.file.includes("/section-"))).toBe(true);
    const listing = files.map((f) => `${(f.gzipBytes / 1024).toFixed(1)} KB ${f.file}`).join("\n");
    console.info(`report form JavaScript: ${gzipBytes} of ${REPORT_FORM_JS_BUDGET_BYTES} bytes gzip`);
    expect(gzipBytes, `report form JavaScript, ${(gzipBytes / 1024).toFixed(1)} KB gzip:\n${listing}`).toBeLessThanOrEqual(
      REPORT_FORM_JS_BUDGET_BYTES,
    );
  });
});
