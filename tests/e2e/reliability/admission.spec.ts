import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownServer, postForm, type OwnServer } from "./own-server";

// Admission control in the built server (issue #25), over real HTTP: two places, one kept for
// form posts, no queue. A login whose body is still on its way holds one place; then a page view
// is refused at once with 503 and Retry-After, while another login is admitted. Static files and
// the health check are served all along. (The queue, its order and its limits are proven on the
// middleware itself: tests/integration/server/admission.test.ts.)

const ASSETS = path.resolve(import.meta.dirname, "../../../build/client/assets");

/** A login POST whose body is sent in part: the server has admitted it and waits for the rest. */
function slowLogin(base: string) {
  const body = new URLSearchParams({ email: "inkoper@helmond.example", password: "demo-mvoi-2025", redirectTo: "" }).toString();
  const url = new URL("/inloggen", base);
  let finish = () => {};
  const answered = new Promise<number>((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { Origin: url.origin, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.write(body.slice(0, 10));
    finish = () => request.end(body.slice(10));
  });
  return { answered, finish: () => finish() };
}

describe("admission control in the built server", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await ownServer(undefined, {
      ADMISSION_MAX_IN_FLIGHT: "2",
      ADMISSION_PRIORITY_RESERVE: "1",
      ADMISSION_MAX_LOGINS: "2",
      ADMISSION_MAX_WAIT_MS: "0",
      ADMISSION_RETRY_AFTER_SECONDS: "7",
    });
  });
  afterAll(() => own?.cleanup());

  it("refuses a page view at once while a login is in progress, and still admits another login", async () => {
    const base = own.server.baseURL;
    expect((await fetch(`${base}/inloggen`)).status).toBe(200);

    const held = slowLogin(base);
    // Until the held login is admitted, a page view may still get in: wait for the first refusal.
    let refused: Response | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const response = await fetch(`${base}/inloggen`);
      if (response.status === 503) refused = response;
      else await response.arrayBuffer();
    }
    expect(refused?.status).toBe(503);
    expect(refused!.headers.get("Retry-After")).toBe("7");
    expect(refused!.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    const page = await refused!.text();
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain("Het is op dit moment te druk in het portaal");
    expect(page).toContain("Probeer het over 7 seconden opnieuw");

    // A client that asks for JSON gets a problem document.
    const json = await fetch(`${base}/ministerie`, { headers: { Accept: "application/json" } });
    expect(json.status).toBe(503);
    expect(json.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await json.json()).toMatchObject({ status: 503, title: "Het portaal is op dit moment te druk" });

    // The place kept for form posts: another login goes through.
    const login = await postForm(own.server, "/inloggen", "", {
      email: "inkoper@helmond.example",
      password: "demo-mvoi-2025",
      redirectTo: "",
    });
    expect(login.status).toBe(302);

    // Static files and the health check are not held back.
    const asset = fs.readdirSync(ASSETS).find((f) => f.endsWith(".css"))!;
    expect((await fetch(`${base}/assets/${asset}`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    // Once the held login is answered, pages are served again.
    held.finish();
    expect(await held.answered).toBe(302);
    expect((await fetch(`${base}/inloggen`)).status).toBe(200);
  });
});
