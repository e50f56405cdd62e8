import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createAdmission, type AdmissionLimits } from "~/server/admission.server";

// Admission control (issue #25) over real HTTP: the middleware in front of a handler that holds
// each request until the test lets it go, so "in progress" is exact and nothing depends on timing
// except the one wait limit, which is tested by its outcome (a 503), not by its duration.

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const LIMITS: AdmissionLimits = {
  maxInFlight: 1,
  priorityReserve: 0,
  maxLogins: 1,
  maxUploads: 1,
  maxExports: 1,
  maxQueue: 0,
  maxWaitMs: 0,
  retryAfterSeconds: 5,
};

/** A server whose every request (but /snel) waits until `release(path)`; `started` lists the paths in the order they began. */
async function holdingServer(limits: Partial<AdmissionLimits>) {
  const admission = createAdmission({ ...LIMITS, ...limits });
  const started: string[] = [];
  const held = new Map<string, () => void>();
  const app = express();
  app.use(admission.middleware);
  app.all("/{*splat}", (req, res) => {
    started.push(req.path);
    if (req.path === "/snel" || req.path === "/healthz") return void res.send("ok");
    held.set(req.path, () => res.send(`klaar ${req.path}`));
  });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 200 && !condition(); i++) await sleep(10);
    expect(condition()).toBe(true);
  };
  return {
    stats: admission.stats,
    started,
    /** Sends a request; its answer is awaited by the caller when it wants it. */
    send: (path: string, init: RequestInit = {}) => fetch(base + path, init),
    post: (path: string) =>
      fetch(base + path, { method: "POST", body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    /** Waits until the handler holds `path`. */
    holding: (path: string) => until(() => held.has(path)),
    /** Waits until nothing is in progress. */
    idle: () => until(() => admission.stats().inFlight === 0),
    /** Waits until `count` requests wait for a place. */
    waiting: (count: number) => until(() => admission.stats().waiting === count),
    release: (path: string) => {
      held.get(path)!();
      held.delete(path);
    },
  };
}

async function expectBusy(response: Response, json = false) {
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  const body = await response.text();
  if (json) {
    expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(body)).toMatchObject({ status: 503, title: "Het is nu te druk in het portaal" });
  } else {
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(body).toContain('<html lang="nl">');
    expect(body).toContain("Probeer het over 5 seconden opnieuw");
  }
}

describe("admission control", () => {
  it("with one place and one request held open, answers the next one 503 with Retry-After at once", async () => {
    const s = await holdingServer({});
    const first = s.send("/pagina-1");
    await s.holding("/pagina-1");
    await expectBusy(await s.send("/pagina-2"));
    await expectBusy(await s.send("/pagina-3", { headers: { Accept: "application/json" } }), true);
    await expectBusy(await s.send("/api/v1/iets"), true);
    // React Router's data request (a navigation with JavaScript): a Dutch sentence its error page shows.
    const data = await s.send("/pagina-2.data");
    expect(data.status).toBe(503);
    expect(data.headers.get("Retry-After")).toBe("5");
    expect(data.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await data.text()).toBe(
      "Het is nu te druk in het portaal. Wat u net verstuurde is niet opgeslagen. Probeer het over 5 seconden opnieuw.",
    );
    // The health check is always answered.
    expect((await s.send("/healthz")).status).toBe(200);
    s.release("/pagina-1");
    expect(await (await first).text()).toBe("klaar /pagina-1");
    // Its place is free again (once the server has seen the answer leave).
    await s.idle();
    expect((await s.send("/snel")).status).toBe(200);
    expect(s.stats()).toMatchObject({ refused: 4, inFlight: 0, waiting: 0 });
  });

  it("admits a login or a save while a page view is refused (places kept free for form posts)", async () => {
    const s = await holdingServer({ maxInFlight: 2, priorityReserve: 1 });
    const page = s.send("/pagina");
    await s.holding("/pagina");
    await expectBusy(await s.send("/nog-een-pagina"));
    const login = s.post("/inloggen");
    await s.holding("/inloggen");
    s.release("/inloggen");
    expect((await login).status).toBe(200);
    s.release("/pagina");
    expect((await page).status).toBe(200);
  });

  it("lets waiting logins in first, then other form posts, then page views, each in order of arrival", async () => {
    const s = await holdingServer({ maxQueue: 10, maxWaitMs: 30_000 });
    const first = s.send("/eerste");
    await s.holding("/eerste");
    // One after another, each waiting before the next is sent: the order of arrival is certain.
    const pageA = s.send("/pagina-a");
    await s.waiting(1);
    const pageB = s.send("/pagina-b");
    await s.waiting(2);
    const save = s.post("/opslaan");
    await s.waiting(3);
    const login = s.post("/inloggen");
    await s.waiting(4);
    s.release("/eerste");
    for (const path of ["/inloggen", "/opslaan", "/pagina-a", "/pagina-b"]) {
      await s.holding(path);
      s.release(path);
    }
    await Promise.all([first, pageA, pageB, save, login]);
    expect(s.started).toEqual(["/eerste", "/inloggen", "/opslaan", "/pagina-a", "/pagina-b"]);
  });

  it("checks at most its number of passwords at once, while other form posts still get in", async () => {
    const s = await holdingServer({ maxInFlight: 3, maxLogins: 1 });
    const login = s.post("/inloggen");
    await s.holding("/inloggen");
    // A password-reset link also checks a password: it waits for the login (no queue here: refused).
    await expectBusy(await s.post("/wachtwoord-herstellen/een-token"));
    const save = s.post("/organisatie/gemeente-helmond/rapportage/2025/algemeen");
    await s.holding("/organisatie/gemeente-helmond/rapportage/2025/algemeen");
    s.release("/organisatie/gemeente-helmond/rapportage/2025/algemeen");
    expect((await save).status).toBe(200);
    s.release("/inloggen");
    expect((await login).status).toBe(200);
  });

  it("in a full queue, a form post takes the place of the last page view, which gets 503", async () => {
    const s = await holdingServer({ maxQueue: 1, maxWaitMs: 30_000 });
    const first = s.send("/eerste");
    await s.holding("/eerste");
    const page = s.send("/pagina");
    await s.waiting(1);
    const save = s.post("/opslaan");
    await expectBusy(await page);
    // A second post finds the queue full of posts: refused.
    await expectBusy(await s.post("/nog-een-post"));
    s.release("/eerste");
    await s.holding("/opslaan");
    s.release("/opslaan");
    expect((await save).status).toBe(200);
    await first;
  });

  it("refuses a request that waited its longest", async () => {
    const s = await holdingServer({ maxQueue: 5, maxWaitMs: 100 });
    const first = s.send("/eerste");
    await s.holding("/eerste");
    await expectBusy(await s.send("/pagina"));
    expect(s.stats().waiting).toBe(0);
    s.release("/eerste");
    await first;
  });

  it("runs at most its number of exports at once, while pages still get in", async () => {
    const s = await holdingServer({ maxInFlight: 3, maxExports: 1 });
    const exported = s.send("/ministerie/export/overzicht.csv");
    await s.holding("/ministerie/export/overzicht.csv");
    await expectBusy(await s.send("/ministerie/export/waarden.xlsx"));
    const page = s.send("/pagina");
    await s.holding("/pagina");
    s.release("/pagina");
    expect((await page).status).toBe(200);
    s.release("/ministerie/export/overzicht.csv");
    expect((await exported).status).toBe(200);
  });

  it("frees the place of a browser that went away while waiting or while served", async () => {
    const s = await holdingServer({ maxQueue: 5, maxWaitMs: 30_000 });
    const gone = new AbortController();
    const first = s.send("/eerste", { signal: gone.signal }).catch(() => null);
    await s.holding("/eerste");
    const waiting = new AbortController();
    const queued = s.send("/wachtend", { signal: waiting.signal }).catch(() => null);
    await s.waiting(1);
    waiting.abort();
    await queued;
    for (let i = 0; i < 100 && s.stats().waiting > 0; i++) await sleep(10);
    expect(s.stats().waiting).toBe(0);
    gone.abort();
    await first;
    for (let i = 0; i < 100 && s.stats().inFlight > 0; i++) await sleep(10);
    expect(s.stats().inFlight).toBe(0);
    expect((await s.send("/snel")).status).toBe(200);
    expect(s.started).not.toContain("/wachtend");
  });
});
