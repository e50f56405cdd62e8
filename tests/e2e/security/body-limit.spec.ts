import http from "node:http";
import { describe, expect, it } from "vitest";
import { baseURL } from "../helpers";

const NORMAL_LIMIT = 1_048_576; // MAX_BODY_BYTES's default, which the e2e server runs with
const UPLOAD_LIMIT = 11 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");

type Outcome = { status: number; body: string; sent: number };

/**
 * POSTs a chunked body (no Content-Length) over a plain socket: 64 KB chunks, as many as fit in
 * `total` bytes, then the end. Resolves with the first answer, whether or not the body was done.
 */
function postChunked(path: string, total: number, prefix = ""): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${baseURL()}${path}`, {
      method: "POST",
      headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on("error", reject);
    });
    // The server may close the connection while we still write: that is the point.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const write = () => {
      if (prefix && sent === 0) sent += (req.write(prefix), Buffer.byteLength(prefix));
      while (!answered && sent < total) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe("request bodies without Content-Length (chunked)", () => {
  it("answers 413 once a chunked body passes the normal limit, before the body has ended", async () => {
    // 64 MB on offer (more than the socket buffers hold); the server must answer before taking it all.
    const outcome = await postChunked("/inloggen", 64 * NORMAL_LIMIT);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("Het verzoek is te groot");
    expect(outcome.sent).toBeLessThan(64 * NORMAL_LIMIT);
  });

  it("answers 413 once a chunked upload passes the upload limit", async () => {
    const outcome = await postChunked("/organisatie/gemeente-helmond/actieplan/algemeen", 6 * UPLOAD_LIMIT);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("een pdf is hoogstens 10 MB");
    expect(outcome.sent).toBeLessThan(6 * UPLOAD_LIMIT);
  });

  it("lets a chunked upload that fits the upload limit through, though it is over the normal one", async () => {
    // Anonymous, so the portal sends it to the login page: the body reached React Router.
    const outcome = await postChunked("/organisatie/gemeente-helmond/actieplan/algemeen", 2 * NORMAL_LIMIT);
    expect(outcome.status).not.toBe(413);
    expect(outcome.status).toBeLessThan(500);
  });

  it("hands a small chunked body to the page complete", async () => {
    // A full login form, chunked: the wrong password message proves the form was read whole.
    const form = new URLSearchParams({ email: "inkoper@helmond.example", password: "niet-het-wachtwoord", redirectTo: "" }).toString();
    const outcome = await postChunked("/inloggen", 0, form);
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("Het e-mailadres of het wachtwoord klopt niet");
  });

  it("keeps a keep-alive connection usable after a page answered without reading the whole body", async () => {
    // A link that is no invitation answers 410 before reading the form. The body is larger than
    // what the server reads ahead, so the rest stayed in the socket and the next request on the
    // same connection waited for Node's 5-minute request timeout.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (path: string, body: string) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = http.request(`${baseURL()}${path}`, {
          method: "POST",
          agent,
          headers: { Origin: baseURL(), "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
        });
        // Within seconds, or the connection is stuck (the test's own clock, not a speed check).
        req.setTimeout(10_000, () => req.destroy(new Error(`no answer on the reused connection for ${path}`)));
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
        });
        req.on("error", reject);
        req.end(body);
      });
    try {
      const big = new URLSearchParams({ name: "x".repeat(200_000), password: "y", passwordRepeat: "y" }).toString();
      const first = await post("/uitnodiging/geen-echte-uitnodiging", big);
      expect(first.status).toBe(410);
      const second = await post("/wachtwoord-vergeten", new URLSearchParams({ email: "iemand@example.org" }).toString());
      expect(second.status).toBeLessThan(500);
      expect(second.socket, "the second request went over the same connection").toBe(first.socket);
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
