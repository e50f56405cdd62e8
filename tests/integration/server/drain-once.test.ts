import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { writeReadableStreamToWritable } from "@react-router/node";
import compression from "compression";
import express from "express";
import zlib from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { drainOnceAfterCompression } from "~/server/drain-once.server";

/**
 * A long compressed response written the way React Router writes one (its stream writer waits
 * for "drain" with res.once), read slowly so that it waits often. Returns how many waits there
 * were, how many "drain" listeners were left on the gzip stream, and the warnings Node printed.
 */
async function slowCompressedDownload(fix: boolean) {
  // The gzip stream compression creates: where it sends "drain" listeners.
  const gzips: zlib.Gzip[] = [];
  const createGzip = zlib.createGzip;
  const spy = vi.spyOn(zlib, "createGzip").mockImplementation((options) => {
    const stream = createGzip(options);
    gzips.push(stream);
    return stream;
  });
  let waits = 0;
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on("warning", onWarning);
  let leftOver = -1;
  const app = express();
  app.use(compression({ threshold: 0 }));
  if (fix) app.use(drainOnceAfterCompression);
  app.get("/export.csv", async (_req, res) => {
    // Incompressible data, so the gzip stream's output stays large and the socket pushes back.
    const chunks = Array.from({ length: 160 }, () => randomBytes(32 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    res.setHeader("Content-Type", "text/csv");
    const once = res.once;
    res.once = function (this: typeof res, event: string | symbol, listener: (...args: unknown[]) => void) {
      if (event === "drain") waits++;
      return once.call(this, event, listener);
    } as typeof res.once;
    await writeReadableStreamToWritable(body, res);
    // (res keeps one "drain" listener of compression's own, which resumes the gzip stream.)
    leftOver = gzips.reduce((n, g) => n + g.listenerCount("drain"), 0);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      http.get({ port, host: "127.0.0.1", path: "/export.csv", headers: { "Accept-Encoding": "gzip" } }, (response) => {
        response.on("data", () => {
          response.pause();
          setTimeout(() => response.resume(), 2);
        });
        response.on("end", resolve);
        response.on("error", reject);
      }).on("error", reject);
    });
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    server.close();
    process.off("warning", onWarning);
    spy.mockRestore();
  }
  expect(gzips).toHaveLength(1);
  return { leftOver, warnings, waits };
}

describe("res.once('drain') under compression", () => {
  it("leaves listeners behind without the fix (the test sees the problem)", async () => {
    const { leftOver, waits } = await slowCompressedDownload(false);
    expect(waits).toBeGreaterThan(10);
    expect(leftOver).toBeGreaterThan(10);
  });

  it("removes each listener once it fired, so a long export prints no MaxListenersExceededWarning", async () => {
    const { leftOver, warnings, waits } = await slowCompressedDownload(true);
    expect(waits).toBeGreaterThan(10);
    expect(leftOver).toBe(0);
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});
