import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/lib/server";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/**
 * `npm run dev` as a developer starts it (scripts/dev.mjs, on a database of its own): the page
 * comes from the routes' source through Vite, with the production server's security headers
 * around it. Hot reload itself needs a browser and an edited file: the README's Development section.
 */
describe("the development server (npm run dev)", () => {
  let dir: string;
  let child: ChildProcess;
  let base: string;
  let output = "";

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-dev-"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["scripts/dev.mjs"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "development",
        DATABASE_URL: path.join(dir, "dev.sqlite"),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_REQUESTS: "0",
        MAIL_CAPTURE_DIR: path.join(dir, "mail"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 90_000;
    while (!output.includes("draait op")) {
      if (child.exitCode !== null) throw new Error(`npm run dev stopped:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm run dev did not start within 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves a page from source with a fresh CSP nonce on every script, and Vite's hot-reload client", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/inloggen`);
      expect(response.status, output).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).not.toContain("unsafe-inline");
      nonces.push(nonce!);
      const html = await response.text();
      expect(html).toContain("<h1");
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, "every script carries this response's nonce").toContain(`nonce="${nonce}"`);
      // The page loads the hot-reload runtime from the dev server.
      expect(html).toMatch(/@vite\/client|inject-hmr-runtime|@react-refresh/);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    const client = await fetch(`${base}/@vite/client`);
    expect(client.status).toBe(200);
    expect(await client.text()).toContain("hot");
  });

  it("serves only the design system's CSS the portal uses, as the build does", async () => {
    const html = await (await fetch(`${base}/inloggen`)).text();
    const sheets = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    const components = sheets.find((href) => href.includes("components-css"));
    expect(components, sheets.join(", ")).toBeTruthy();
    // A browser asks for a stylesheet as text/css (Vite then sends the CSS, not a module).
    const response = await fetch(base + components!, { headers: { Accept: "text/css,*/*;q=0.1" } });
    expect(response.headers.get("content-type")).toContain("text/css");
    const css = await response.text();
    expect(css).toContain(".utrecht-button--primary-action");
    expect(css).not.toContain(".utrecht-accordion__section");
    expect(css.length).toBeLessThan(150_000); // 351 KB whole (scripts/lib/used-css.ts)
  });

  it("keeps the production checks: a cross-site form post is refused", async () => {
    const forged = await fetch(`${base}/inloggen`, {
      method: "POST",
      body: new URLSearchParams({ email: "x@example.org", password: "x" }),
      headers: { Origin: "https://evil.example" },
    });
    expect(forged.status).toBe(403);
  });
});
