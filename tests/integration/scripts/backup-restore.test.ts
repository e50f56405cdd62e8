import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "~/database/connection.server";
import { addAction, startPlan, type Actor } from "~/models/action-plan.server";
import { listIndicators } from "~/models/indicator.server";
import { saveAnswers, startReport } from "~/models/report.server";
import { backupDatabase, BackupError, restoreDatabase } from "../../../scripts/lib/backup";
import { createSeededDatabase } from "../../../scripts/lib/server";
import { fingerprintDatabase, integrityCheck } from "../../helpers/fingerprint";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Runs `npm run backup` / `npm run restore` the way an operator does (tsx, DATABASE_URL). */
function runScript(script: "backup" | "restore", databaseFile: string, args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseFile },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Overwrites the middle third of a file with a byte pattern: a damaged disk, as SQLite sees it. */
function damage(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, Buffer.alloc(Math.floor(size / 3), 0xab), 0, Math.floor(size / 3), Math.floor(size / 3));
  fs.closeSync(fd);
}

describe("backup and restore", () => {
  let dir: string;
  let live: string;
  let populated: ReturnType<typeof fingerprintDatabase>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-backup-"));
    live = path.join(dir, "live", "mvoi.sqlite");
    fs.mkdirSync(path.dirname(live));
    await createSeededDatabase(live, { demo: true });
    // Some edits on top of the demo data, left in the WAL: the live connection stays open.
    const db = createDb(live);
    const user = await db
      .selectFrom("user")
      .select(["id", "email"])
      .where("email", "=", "inkoper@helmond.example")
      .executeTakeFirstOrThrow();
    const helmond = await db.selectFrom("organisation").select("id").where("slug", "=", "gemeente-helmond").executeTakeFirstOrThrow();
    const actor: Actor = { userId: user.id, email: user.email, ip: "127.0.0.1" };
    await startPlan(db, { actor, organisationId: helmond.id });
    const planLock = (await db.selectFrom("action_plan_version").select("lock_version").orderBy("id", "desc").executeTakeFirstOrThrow())
      .lock_version;
    await addAction(db, {
      actor,
      organisationId: helmond.id,
      lockVersion: planLock,
      values: { lockVersion: planLock, title: "Circulair inkopen van meubilair", status: "planned" },
    });
    await startReport(db, { actor, organisationId: helmond.id, year: 2025, today: "2026-02-01" });
    const question = (await listIndicators(db, { year: 2025 })).find((i) => i.section === "algemeen" && i.unit === "count")!;
    await saveAnswers(db, {
      actor,
      organisationId: helmond.id,
      year: 2025,
      lockVersion: (await db.selectFrom("report_version").select("lock_version").orderBy("id", "desc").executeTakeFirstOrThrow())
        .lock_version,
      section: "algemeen",
      answers: new Map([[question.id, { state: "value", number: 42, text: null, explanation: null, prefilled: false }]]),
    });
    expect(fs.existsSync(`${live}-wal`), "edits still in the WAL").toBe(true);
    populated = fingerprintDatabase(live);

    // The backup runs while this connection is open (online), then the live database moves on.
    const { file } = await backupDatabase({ source: live, toDir: path.join(dir, "backups"), now: new Date("2026-11-28T10:15:00Z") });
    expect(path.basename(file)).toBe("mvoi-20261128T101500Z.sqlite");
    // Events without recorded value changes (those rows hold on to their event).
    await db
      .deleteFrom("audit_event")
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom("value_change").select("id").whereRef("value_change.audit_event_id", "=", "audit_event.id"))),
      )
      .execute();
    await db.updateTable("organisation").set({ name: "Gewijzigd na de back-up" }).where("id", "=", helmond.id).execute();
    await db.destroy();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const backupFile = () => path.join(dir, "backups", "mvoi-20261128T101500Z.sqlite");

  it("round-trips a populated database: every table has the same row count and content after restore", () => {
    expect(Object.keys(populated).length).toBeGreaterThan(15);
    expect(populated.report_value!.rows).toBeGreaterThan(1000);
    expect(populated.audit_event!.rows).toBeGreaterThan(0);
    // The backup is one self-contained file that passes the integrity check.
    expect(fs.existsSync(`${backupFile()}-wal`)).toBe(false);
    expect(integrityCheck(backupFile())).toBe("ok");
    expect(fingerprintDatabase(backupFile())).toEqual(populated);

    expect(fingerprintDatabase(live)).not.toEqual(populated); // changed after the backup
    const restored = runScript("restore", live, [backupFile()]);
    expect(restored.output).toContain("Restored");
    expect(restored.status).toBe(0);
    expect(fingerprintDatabase(live)).toEqual(populated);
    expect(integrityCheck(live)).toBe("ok");
    expect(
      fs.readdirSync(path.dirname(live)).filter((f) => f.includes(".restore-")),
      "no temporary files left",
    ).toEqual([]);
  });

  it("npm run backup writes a checked, timestamped copy into --to", () => {
    const to = path.join(dir, "cli-backups");
    const result = runScript("backup", live, ["--to", to]);
    expect(result.output).toContain("integrity check ok");
    expect(result.status).toBe(0);
    const [file] = fs.readdirSync(to);
    expect(file).toMatch(/^mvoi-\d{8}T\d{6}Z\.sqlite$/);
    expect(fingerprintDatabase(path.join(to, file!))).toEqual(fingerprintDatabase(live));
  });

  it("refuses to restore a file that is not a database, a damaged copy or another SQLite database, and leaves the target alone", () => {
    const before = fingerprintDatabase(live);
    const notADatabase = path.join(dir, "notes.sqlite");
    fs.writeFileSync(notADatabase, "Dit is geen database, alleen tekst.\n".repeat(200));
    const damaged = path.join(dir, "damaged.sqlite");
    fs.copyFileSync(backupFile(), damaged);
    damage(damaged);
    const foreign = path.join(dir, "foreign.sqlite");
    const other = new SQLite(foreign);
    other.exec("create table note (id integer primary key, text text); insert into note (text) values ('hallo');");
    other.close();

    for (const [file, reason] of [
      [notADatabase, /not a readable SQLite database|cannot be opened/],
      [damaged, /integrity_check|not a readable SQLite database/],
      [foreign, /not an MVOI portal database/],
      [path.join(dir, "missing.sqlite"), /does not exist/],
    ] as const) {
      const result = runScript("restore", live, [file]);
      expect(result.output, file).toMatch(/Restore refused/);
      expect(result.output, file).toMatch(reason);
      expect(result.status, file).toBe(1);
    }
    expect(fingerprintDatabase(live)).toEqual(before);
    expect(integrityCheck(live)).toBe("ok");
  });

  it("refuses to restore while the portal (any connection) has the database open", async () => {
    const server = createDb(live);
    await server.selectFrom("organisation").select("id").limit(1).execute();
    try {
      expect(() => restoreDatabase({ backup: backupFile(), target: live })).toThrow(BackupError);
      expect(() => restoreDatabase({ backup: backupFile(), target: live })).toThrow(/Stop the portal first/);
    } finally {
      await server.destroy();
    }
    expect(restoreDatabase({ backup: backupFile(), target: live }).target).toBe(live);
  });

  it("npm run backup fails with a clear message when the copy does not pass the integrity check", async () => {
    const broken = path.join(dir, "broken", "mvoi.sqlite");
    fs.mkdirSync(path.dirname(broken));
    fs.copyFileSync(backupFile(), broken);
    damage(broken);
    const to = path.join(dir, "broken-backups");
    const result = runScript("backup", broken, ["--to", to]);
    expect(result.output).toMatch(/Backup failed: .*(integrity_check|not a readable SQLite database)/);
    expect(result.status).toBe(1);
    expect(fs.existsSync(to) ? fs.readdirSync(to) : [], "no copy left behind").toEqual([]);
  });
});
