import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createReadableStreamFromReadable } from "@react-router/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler as createReactRouterHandler, type RouterContextProvider, type ServerBuild } from "react-router";

/**
 * The Express adapter of @react-router/express (7.18), with one change: the response body is
 * piped with Node's stream.pipeline instead of the adapter's writeReadableStreamToWritable.
 *
 * That writer races every chunk read against one promise that settles only when the response
 * ends (Promise.race([read, closed])). Each race leaves a reaction on the long-lived promise that
 * holds the chunk, so nothing written was freed before the whole response was: a year's CSV export
 * at 10,000 organisations (98 MB) held 98 MB of buffers in the server (measured with
 * process.memoryUsage().arrayBuffers; with pipeline: 0), and the export's memory grew with the
 * data. pipeline respects backpressure the same way, and when the browser goes away it destroys
 * the stream, which cancels the body (an export then closes its database connection).
 */
export function createRequestHandler(args: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => RouterContextProvider;
  /** Paths whose bodies may be large (uploads): not read before the router has checked the login (their actions use readForm). */
  isUpload: (path: string) => boolean;
}) {
  const handleRequest = createReactRouterHandler(args.build, args.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = createRequest(req, res);
      if (!(await readableForm(request, !args.isUpload(req.path)))) {
        res.status(400).type("text/html; charset=utf-8").send(unreadableFormPage);
        return;
      }
      const response = await handleRequest(request, args.getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The two encodings an HTML form sends; a multipart body needs its boundary. */
export function isFormContentType(header: string | undefined): boolean {
  const type = header?.split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return true;
  return type === "multipart/form-data" && /;\s*boundary=/i.test(header!);
}

export const unreadableFormPage =
  `<!doctype html><html lang="nl"><meta charset="utf-8"><title>Niet te lezen - MVOI-portaal</title>` +
  `<h1>Wat u verstuurde kon niet worden gelezen</h1><p>Het portaal neemt alleen formulieren uit zijn eigen pagina's aan. ` +
  `Ga terug naar het formulier en verstuur het opnieuw.</p></html>`;

/**
 * A multipart body that cannot be read as a form (a missing closing boundary, a broken part) made
 * the action's request.formData() throw: a 500. It is tried on a copy first, for any visitor, so
 * only where bodies are small (1 MB, app.server.ts): upload pages (10 MB) are not read before the
 * router has checked the login, and their actions read with readForm (app/utils/read-form.server.ts).
 * Other bodies: app.server.ts lets only forms through, and a URL-encoded body always reads.
 */
async function readableForm(request: Request, mayReadEarly: boolean): Promise<boolean> {
  if (!mayReadEarly || request.method === "GET" || request.method === "HEAD") return true;
  if (!request.headers.get("Content-Type")?.toLowerCase().startsWith("multipart/form-data")) return true;
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

function createHeaders(requestHeaders: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/** As the adapter builds it: the URL from Host (X-Forwarded-Host only with "trust proxy"), aborted when the browser goes away. */
function createRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const [, forwardedPort] = req.app?.enabled("trust proxy") ? (req.get("X-Forwarded-Host")?.split(":") ?? []) : [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const portNumber = Number.isSafeInteger(Number.parseInt(forwardedPort ?? "", 10))
    ? Number.parseInt(forwardedPort!, 10)
    : Number.parseInt(hostPort ?? "", 10);
  const port = Number.isSafeInteger(portNumber) ? portNumber : "";
  const hostname = req.hostname.split(/[\\/?#@]/)[0] || "localhost";
  const url = new URL(`${req.protocol}://${hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: createHeaders(req.headers), signal: controller.signal };
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  if (req.method !== "GET" && req.method !== "HEAD") {
    // A form's body was read before admission (app.server.ts); an upload's streams from the socket.
    const read = res.locals.body as Buffer | undefined;
    if (read) init.body = new Uint8Array(read);
    else {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
  }
  return new Request(url.href, init);
}

/** Writes a Fetch API Response to Express: status, headers, then the body through pipeline (exported for its test). */
export async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
  } catch (error) {
    // The browser went away: nothing left to answer. Anything else goes to the error handler,
    // which logs it (and, the headers being sent, answers nothing more).
    if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw error;
  }
}
