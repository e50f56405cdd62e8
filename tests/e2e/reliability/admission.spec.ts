import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownServer, postForm, type OwnServer } from "./own-server";

// Admission control in the built server (issue #25), over real HTTP: two places, one kept for
// form posts, no queue. A login whose body is still on its way holds no place (a form's body is
// read first); an upload whose body is on its way holds one, and then a page view is refused at
// once with 503 and Retry-After, while a login is admitted. Static files and
// the health check are served all along. (The queue, its order and its limits are proven on the
// middleware itself: tests/integration/server/admission.test.ts.)

const ASSETS = path.resolve(import.meta.dirname, "../../../build/client/assets");

/**
 * A page's status, its body read to the end: an answer left unread can stay in the server's
 * socket buffer, and the request with it in progress (holding its place).
 */
async function statusOf(url: string): Promise<number> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

/**
 * Whether a page view gets in within a few tries: with one place for pages, the request before it
 * can still hold that place for an instant after its answer arrived (the server counts it done
 * when the answer has left, which it learns a moment later). A place held for good never lets one in.
 */
async function admittedSoon(url: string): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    if ((await statusOf(url)) === 200) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** A POST whose body is sent in part; `finish` sends the rest. */
function slowPost(base: string, path: string, headers: Record<string, string>, body: string) {
  const url = new URL(path, base);
  let finish = () => {};
  const answered = new Promise<number>((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { Origin: url.origin, ...headers, "Content-Length": Buffer.byteLength(body) },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.write(body.slice(0, 10));
    finish = () => request.end(body.slice(10));
  });
  // Awaited by the test; should the test end first, the server's hang-up at its stop is no error of its own.
  answered.catch(() => undefined);
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

  it("refuses a page view at once while an upload is in progress, and still admits a login", async () => {
    const base = own.server.baseURL;
    expect(await statusOf(`${base}/inloggen`)).toBe(200);

    // A form's body is read before it asks for a place: a login trickling its body holds none.
    const trickling = slowPost(
      base,
      "/inloggen",
      { "Content-Type": "application/x-www-form-urlencoded" },
      new URLSearchParams({ email: "inkoper@helmond.example", password: "demo-mvoi-2025", redirectTo: "" }).toString(),
    );
    for (let i = 0; i < 3; i++) expect(await admittedSoon(`${base}/inloggen`)).toBe(true);

    // An upload streams into its page, which reads it once the login is checked: it holds a place.
    const cookie = await own.cookieFor("inkoper@uvw.example");
    const boundary = "grens";
    const upload = slowPost(
      base,
      "/organisatie/unie-van-waterschappen/rapportage/2025/raster",
      { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}--\r\n`,
    );
    // Until the upload is admitted, a page view may still get in: wait for the first refusal.
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
    expect(page).toContain("Het is nu te druk in het portaal");
    expect(page).toContain("Probeer het over 7 seconden opnieuw");

    // A client that asks for JSON gets a problem document.
    const json = await fetch(`${base}/ministerie`, { headers: { Accept: "application/json" } });
    expect(json.status).toBe(503);
    expect(json.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(await json.json()).toMatchObject({ status: 503, title: "Het is nu te druk in het portaal" });

    // The place kept for form posts: a login goes through.
    const login = await postForm(own.server, "/inloggen", "", {
      email: "inkoper@helmond.example",
      password: "demo-mvoi-2025",
      redirectTo: "",
    });
    expect(login.status).toBe(302);

    // Static files and the health check are not held back.
    const asset = fs.readdirSync(ASSETS).find((f) => f.endsWith(".css"))!;
    expect(await statusOf(`${base}/assets/${asset}`)).toBe(200);
    expect(await statusOf(`${base}/healthz`)).toBe(200);

    // Once the upload is answered, pages are served again; the trickling login still gets its answer.
    upload.finish();
    expect(await upload.answered).toBeLessThan(500);
    expect(await admittedSoon(`${base}/inloggen`)).toBe(true);
    trickling.finish();
    expect(await trickling.answered).toBe(302);
  });
});
