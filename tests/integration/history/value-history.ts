import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "~/database/connection.server";
import { loginAs } from "../../e2e/login-as";
import { formWithButton, setField, submission } from "../../helpers/html-form";
import { serveDemoInProcess, type serveInProcess } from "../../helpers/in-process";

// Every value's history (issue #21): a change through the report form, the Unie's grid and the
// Unie's Excel upload each shows on the value's "Geschiedenis" page with before and after, who,
// on behalf of which organisation, and the way in; the ministry sees the submitted versions' history.

const UNIE = "/organisatie/unie-van-waterschappen/rapportage/2025";
const MEMBER = "/organisatie/waterschap-de-dommel/rapportage/2025";
const CODE = "inkoopvolume";

/** The entries of a history page, newest first, as text without tags. */
function entriesOf(html: string): string[] {
  const list = /<ol class="mvoi-history">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

export function valueHistoryTest() {
  describe("every value's history", () => {
    let cleanup: (() => Promise<void>) | undefined;
    let db: DB;
    let portal: Awaited<ReturnType<typeof serveInProcess>>;
    let unie: string;
    let ministry: string;

    beforeAll(async () => {
      ({ portal, db, cleanup } = await serveDemoInProcess("history"));
      unie = await loginAs(db, { email: "inkoper@uvw.example" });
      ministry = await loginAs(db, { email: "analist@ienw.example" });
    }, 120_000);
    afterAll(() => cleanup?.());

    const get = (cookie: string, url: string) => portal.fetch(url, { headers: { Cookie: cookie } });
    const post = (url: string, body: string | FormData) =>
      portal.fetch(url, {
        method: "POST",
        headers: {
          Cookie: unie,
          Origin: portal.origin,
          ...(typeof body === "string" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
        },
        body,
      });

    it("shows a change through the form, the grid and the Excel upload, by the Unie on behalf of the waterschap", async () => {
      // 1. The report form of the waterschap, as the Unie's officer.
      const section = await (await get(unie, `${MEMBER}/algemeen`)).text();
      expect(section).toContain(`href="geschiedenis/${CODE}"`);
      const form = formWithButton(section, "Opslaan")!;
      const saved = await post(
        `${MEMBER}/algemeen`,
        submission(form, "Opslaan", (f) => setField(setField(f, `waarde.${CODE}`, "1.111.111"), `staat.${CODE}`, "value")),
      );
      expect([302, 303]).toContain(saved.status);

      // 2. The Unie's grid.
      const gridPage = await (await get(unie, `${UNIE}/raster?onderdeel=algemeen`)).text();
      const memberId = (
        await db.selectFrom("organisation").select("id").where("slug", "=", "waterschap-de-dommel").executeTakeFirstOrThrow()
      ).id;
      const grid = formWithButton(gridPage, "Opslaan")!;
      const gridSaved = await post(
        `${UNIE}/raster?onderdeel=algemeen`,
        submission(grid, "Opslaan", (f) => setField(f, `c.${memberId}.${CODE}`, "2222222")),
      );
      expect([302, 303]).toContain(gridSaved.status);

      // 3. The Unie's Excel upload, confirmed after its preview.
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await (await get(unie, `${UNIE}/raster.xlsx`)).arrayBuffer());
      const sheet = workbook.getWorksheet("Algemeen")!;
      let column = 0;
      sheet.getRow(2).eachCell((cell, col) => {
        if (String(cell.value) === CODE) column = col;
      });
      let row = 0;
      sheet.eachRow((r, n) => {
        if (r.getCell(2).value === "waterschap-de-dommel") row = n;
      });
      sheet.getRow(row).getCell(column).value = 3333333;
      const file = new FormData();
      file.append("intent", "upload");
      file.append("bestand", new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())]), "raster.xlsx");
      const preview = await (await post(`${UNIE}/raster?onderdeel=algemeen`, file)).text();
      const confirm = formWithButton(preview, "Wijzigingen opslaan")!;
      expect((await post(`${UNIE}/raster?onderdeel=algemeen`, submission(confirm, "Wijzigingen opslaan"))).status).toBeOneOf([302, 303]);

      // The history, newest first.
      const page = await get(unie, `${MEMBER}/geschiedenis/${CODE}`);
      expect(page.status).toBe(200);
      const entries = entriesOf(await page.text());
      const [viaUpload, viaGrid, viaForm] = entries;
      expect(viaUpload).toMatch(/namens Waterschap De Dommel, via een Excel-bestand/);
      expect(viaUpload).toMatch(/Was € 2\.222\.222 Werd € 3\.333\.333/);
      expect(viaGrid).toMatch(/namens Waterschap De Dommel, via het invulraster/);
      expect(viaGrid).toMatch(/Was € 1\.111\.111 Werd € 2\.222\.222/);
      expect(viaForm).toMatch(/namens Waterschap De Dommel, via het formulier/);
      expect(viaForm).toMatch(/Werd € 1\.111\.111/);
      // Before the three: the demo's own entry of the value, by its seed script.
      expect(entries.slice(3).join(" ")).toMatch(/via een beheerscript/);
      for (const e of entries.slice(0, 3)) expect(e).toMatch(/^Door Jeroen Bakker|Door [^,]+ namens/);

      // The audit trail, filtered on the waterschap, says what each save changed, in words.
      const admin = await loginAs(db, { email: "beheer@ienw.example" });
      const trail = (await (await get(admin, `/beheer/audit?organisatie=${memberId}`)).text()).replace(/<!-- -->/g, "");
      expect(trail).toContain("Antwoord op &quot;Totaal inkoopvolume&quot;: € 2.222.222 werd € 3.333.333");
      expect(trail).toContain("Via het invulraster");
      const csv = await (await get(admin, `/beheer/audit.csv?organisatie=${memberId}`)).text();
      expect(csv).toContain('Antwoord op ""Totaal inkoopvolume"": € 1.111.111 werd € 2.222.222');

      // The ministry does not see a draft's history.
      expect((await get(ministry, `/ministerie/rapportages/waterschap-de-dommel/2025/geschiedenis/${CODE}`)).status).toBe(404);
    });

    it("shows the ministry the history of a submitted report, linked from its review page", async () => {
      const review = await (await get(ministry, "/ministerie/rapportages/waterschap-brabantse-delta/2025")).text();
      expect(review).toContain(`href="/ministerie/rapportages/waterschap-brabantse-delta/2025/geschiedenis/${CODE}"`);
      const page = await get(ministry, `/ministerie/rapportages/waterschap-brabantse-delta/2025/geschiedenis/${CODE}`);
      expect(page.status).toBe(200);
      const entries = entriesOf(await page.text());
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.at(-1)).toMatch(
        /namens Waterschap Brabantse Delta, via een beheerscript \(versie 1\)\. Was niet ingevuld Werd € [\d.]+/,
      );
      // A question that does not exist, or another year's, is not found (no server error).
      expect((await get(ministry, "/ministerie/rapportages/waterschap-brabantse-delta/2025/geschiedenis/bestaat_niet")).status).toBe(404);
      expect((await get(unie, `${MEMBER}/geschiedenis/%00%27`)).status).toBe(404);
    });

    it("refuses to change or delete history, whoever tries", async () => {
      await expect(db.updateTable("value_change").set({ after: "1" }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom("value_change").execute()).rejects.toThrow(/append-only/);
    });
  });
}
