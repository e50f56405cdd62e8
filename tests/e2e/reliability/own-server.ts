import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "react-router";
import { createDb, type DB } from "~/database/connection.server";
import { createSession } from "~/models/session.server";
import { createSeededDatabase, QUEUEING_ADMISSION, RAISED_RATE_LIMITS, startServer, type RunningServer } from "../../../scripts/lib/server";

/**
 * A built server of the test's own (the e2e servers' databases must not be disturbed, nor their
 * servers killed): a fresh demo database in a temporary folder, prepared by `prepare` before the start,
 * served with `env` added.
 */
export async function ownServer(prepare: (db: DB) => Promise<void> = async () => {}, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-reliability-"));
  const databaseFile = path.join(dir, "mvoi.sqlite");
  await createSeededDatabase(databaseFile, { demo: true });
  const db = createDb(databaseFile);
  await prepare(db);
  const sessionSecret = randomBytes(32).toString("base64url");
  const cookie = createCookie("__Host-mvoi_sessie", { httpOnly: true, sameSite: "lax", secure: true, path: "/", secrets: [sessionSecret] });
  // Raised limits as on the other test servers, unless the test sets its own.
  const start = () => startServer({ databaseFile, sessionSecret, env: { ...RAISED_RATE_LIMITS, ...QUEUEING_ADMISSION, ...env } });
  let server: RunningServer = await start();
  let closed = false;
  return {
    db,
    /** Closes the test's own connection, so that nothing but the server holds the file open. */
    closeDb: async () => {
      if (!closed) await db.destroy();
      closed = true;
    },
    databaseFile,
    get server() {
      return server;
    },
    /** Starts the server again on the same database (after a stop or a kill). */
    restart: async () => {
      server = await start();
      return server;
    },
    /** A session of the user, as the Cookie header a browser would send. */
    cookieFor: async (email: string): Promise<string> => {
      const user = await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      return (await cookie.serialize(await createSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "reliability test" }))).split(
        ";",
      )[0]!;
    },
    cleanup: async () => {
      await server.stop();
      if (!closed) await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type OwnServer = Awaited<ReturnType<typeof ownServer>>;

/** A form POST as the browser sends it without JavaScript: urlencoded, with the portal's Origin. */
export function postForm(server: RunningServer, url: string, cookie: string, fields: Record<string, string>) {
  return fetch(server.baseURL + url, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: server.baseURL, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}
