import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { writeReadableStreamToWritable } from "@react-router/node";
import compression from "compression";
import express from "express";
import zlib from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendResponse } from "~/server/request-handler.server";

// A full garbage collection on demand, to see which buffers are still held (not a timing).
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const MB = 1024 * 1024;
const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(app: express.Express): Promise<number> {
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return (server.address() as AddressInfo).port;
}

/**
 * A body of `chunks` fresh 1 MB buffers. At each chunk number in `probes` the buffers held since
 * the body started are measured (in MB). The process's other buffers (other tests in this worker,
 * the database driver) are measured before the first chunk and left out, so only this response
 * counts.
 */
function bigBody(chunks: number, probes: number[], held: number[]) {
  let n = 0;
  let before = 0;
  return new ReadableStream<Uint8Array>({
    start() {
      gc();
      before = process.memoryUsage().arrayBuffers;
    },
    pull(controller) {
      if (probes.includes(n)) {
        gc();
        held.push((process.memoryUsage().arrayBuffers - before) / MB);
      }
      if (n++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(MB).fill(n % 256));
    },
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Downloads and drops the body: the reader holds nothing. */
function download(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, host: "127.0.0.1", path, headers }, (response) => {
        let bytes = 0;
        response.on("data", (d: Buffer) => (bytes += d.length));
        response.on("end", () => resolve(bytes));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("a streamed response (exports) through the portal's writer", () => {
  it("holds no more than a few chunks, however long the body: 150 MB written, buffers held stay small", async () => {
    const held: number[] = [];
    const probes = [110, 120, 130, 140, 150, 160, 170, 180, 190];
    const app = express();
    app.get("/groot.csv", (_req, res) => void sendResponse(res, new Response(bigBody(200, probes, held))));
    const port = await serve(app);
    expect(await download(port, "/groot.csv")).toBe(200 * MB);
    expect(held).toHaveLength(probes.length);
    // What is in flight: the socket's and the reader's buffers. One probe may catch a burst on the
    // loopback socket (3-53 MB measured), so the median of nine is compared: a writer that held what
    // it wrote would show 110-190 MB at every probe.
    expect(median(held)).toBeLessThan(32);
  });

  it("React Router's own writer held every chunk until the end (the reason for ours; the test sees the problem)", async () => {
    const held: number[] = [];
    const app = express();
    app.get("/groot.csv", async (_req, res) => {
      res.status(200);
      await writeReadableStreamToWritable(bigBody(200, [150], held), res);
    });
    const port = await serve(app);
    await download(port, "/groot.csv");
    // About 150 MB: each of the 150 chunks written so far (138-150 measured).
    expect(held[0]).toBeGreaterThan(100);
  });

  it("cancels the body when the browser goes away (an export then closes its database connection)", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const app = express();
    app.get("/eindeloos.csv", (_req, res) => void sendResponse(res, new Response(body)));
    const port = await serve(app);
    await new Promise<void>((resolve) => {
      const request = http.get({ port, host: "127.0.0.1", path: "/eindeloos.csv" }, (response) => {
        response.once("data", () => {
          request.destroy();
          resolve();
        });
      });
      request.on("error", () => undefined);
    });
    await vi.waitFor(() => expect(cancelled).toBe(true), { timeout: 2_000 });
  });

  it("under compression, read slowly: backpressure is respected and Node warns about no leaked listeners", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const gzips: zlib.Gzip[] = [];
    const createGzip = zlib.createGzip;
    const spy = vi.spyOn(zlib, "createGzip").mockImplementation((options) => {
      const stream = createGzip(options);
      gzips.push(stream);
      return stream;
    });
    try {
      const app = express();
      app.use(compression({ threshold: 0 }));
      app.get("/export.csv", (_req, res) => {
        // Incompressible data, so the gzip stream's output stays large and the socket pushes back.
        const chunks = Array.from({ length: 160 }, () => randomBytes(32 * 1024));
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = chunks.shift();
            if (next) controller.enqueue(next);
            else controller.close();
          },
        });
        void sendResponse(res, new Response(body, { headers: { "Content-Type": "text/csv" } }));
      });
      const port = await serve(app);
      const bytes = await new Promise<number>((resolve, reject) => {
        http
          .get({ port, host: "127.0.0.1", path: "/export.csv", headers: { "Accept-Encoding": "gzip" } }, (response) => {
            let n = 0;
            response.on("data", (d: Buffer) => {
              n += d.length;
              response.pause();
              setTimeout(() => response.resume(), 2);
            });
            response.on("end", () => resolve(n));
            response.on("error", reject);
          })
          .on("error", reject);
      });
      expect(bytes).toBeGreaterThan(160 * 32 * 1024); // gzip of random data is slightly larger
      expect(gzips).toHaveLength(1);
      expect(gzips[0]!.listenerCount("drain")).toBeLessThanOrEqual(1);
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
      spy.mockRestore();
    }
  });
});

describe("reading an upload's form", () => {
  it("answers a multipart body that cannot be read with a 400 (the upload pages' actions), not a server error", async () => {
    const { readForm } = await import("~/utils/read-form.server");
    const broken = new Request("http://127.0.0.1/organisatie/x/actieplan/algemeen", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=grens" },
      body: '--grens\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload',
    });
    const thrown = await readForm(broken).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ type: "DataWithResponseInit", init: { status: 400 } });
    const fine = new Request("http://127.0.0.1/x", { method: "POST", body: new URLSearchParams({ intent: "upload" }) });
    expect((await readForm(fine)).get("intent")).toBe("upload");
  });
});
