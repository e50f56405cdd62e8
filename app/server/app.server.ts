import { randomBytes } from "node:crypto";
import path from "node:path";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { RouterContextProvider, type ServerBuild } from "react-router";
import { requestInfoContext } from "~/context";
import { createRequestHandler, isFormContentType, unreadableFormPage } from "~/server/request-handler.server";
import type { Env } from "~/env.server";
import { createAdmission } from "~/server/admission.server";
import { isUploadPath } from "~/utils/upload";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const UPLOAD_MAX_BYTES = 11 * 1024 * 1024;

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

function ownOrigin(req: Request, env: Env): string {
  return env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : `${req.protocol}://${req.get("host")}`;
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** Invitation and password-reset links carry a secret token in the path: never log it. */
export function redactPath(path: string): string {
  return path.replace(/^\/(uitnodiging|wachtwoord-herstellen)\/[^/]+/, "/$1/[token]");
}

/**
 * Closing a socket with unread data in it sends a reset, which makes the client drop the answer
 * unread. So for a refused body: send the 413 and our end of the connection, read nothing more,
 * and only let go of the socket after a grace period (or when the client closes first).
 */
function closeGently(req: Request) {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    socket.pause();
    setTimeout(() => socket.destroy(), 2_000).unref();
  };
}

/**
 * Counts a body without Content-Length (chunked) as Node's HTTP parser hands it over (every chunk
 * passes through `req.push`) and holds it back until it is complete: React Router only sees a
 * body that fits. Once over `limit` nothing more is read from the socket (a `false` from `push`
 * makes the parser stop reading), the 413 goes out and the connection is closed after it.
 */
function limitStreamedBody(req: Request, res: Response, limit: number, tooLarge: () => void, next: NextFunction) {
  const push = req.push.bind(req);
  const held: { chunk: unknown; encoding?: BufferEncoding }[] = [];
  let size = req.readableLength;
  const release = () => {
    req.push = push;
    for (const { chunk, encoding } of held) push(chunk, encoding);
    push(null);
    next();
  };
  const refuse = () => {
    req.push = () => false;
    closeGently(req);
    tooLarge();
  };
  if (size > limit) return refuse();
  if (req.complete) return next();
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null) {
      release();
      return false;
    }
    size += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : (chunk as Uint8Array).byteLength;
    if (size > limit) {
      refuse();
      return false;
    }
    held.push({ chunk, encoding });
    return true;
  };
}

/**
 * The portal's HTTP server: security headers with a per-request CSP nonce, CSRF protection by
 * Origin (or Referer), a request-size limit, static files with long caching for hashed assets,
 * admission control, then React Router. Used by the server build's entry (portal.server.ts: `npm start` and `npm run dev`).
 */
export function createApp(args: { build: ServerBuild; clientDir: string; env: Env; log?: boolean }) {
  const { build, clientDir, env } = args;
  const production = env.NODE_ENV === "production";
  const app = express();
  const admission = createAdmission({
    maxInFlight: env.ADMISSION_MAX_IN_FLIGHT,
    priorityReserve: env.ADMISSION_PRIORITY_RESERVE,
    maxLogins: env.ADMISSION_MAX_LOGINS,
    maxUploads: env.ADMISSION_MAX_UPLOADS,
    maxExports: env.ADMISSION_MAX_EXPORTS,
    maxQueue: env.ADMISSION_MAX_QUEUE,
    maxWaitMs: env.ADMISSION_MAX_WAIT_MS,
    retryAfterSeconds: env.ADMISSION_RETRY_AFTER_SECONDS,
  });
  app.disable("x-powered-by");
  // Behind one reverse proxy: the client's address is the one that proxy saw (the last entry of
  // X-Forwarded-For), never an entry the client wrote itself (rate limits and the login throttle
  // count per address).
  app.set("trust proxy", env.TRUST_PROXY === "1" ? 1 : false);

  if (args.log !== false) {
    app.use((req, res, next) => {
      const started = performance.now();
      res.on("finish", () => {
        // The path only: query strings may one day carry tokens.
        const ms = (performance.now() - started).toFixed(1);
        console.log(`${new Date().toISOString()} ${req.method} ${redactPath(req.path)} ${res.statusCode} ${ms}ms`);
      });
      next();
    });
  }

  app.use((_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.nonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  // CSRF: a state-changing request must come from the portal's own pages.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = originOf(req.get("origin")) ?? originOf(req.get("referer"));
    if (origin !== ownOrigin(req, env)) {
      res.status(403).type("text/plain; charset=utf-8").send("Dit verzoek is geweigerd: het komt niet van het MVOI-portaal zelf.");
      return;
    }
    next();
  });

  app.use((req, res, next) => {
    const upload = isUploadPath(req.path);
    const limit = upload ? UPLOAD_MAX_BYTES : env.MAX_BODY_BYTES;
    const tooLarge = () =>
      res
        .status(413)
        .set("Connection", "close")
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><html lang="nl"><meta charset="utf-8"><title>Te groot - MVOI-portaal</title>` +
            `<h1>Het verzoek is te groot</h1><p>Wat u verstuurde is groter dan het portaal aanneemt` +
            `${upload ? " (een pdf is hoogstens 10 MB, een Excel-bestand 2 MB)" : ""}. Ga terug en probeer het opnieuw.</p></html>`,
        );
    if (Number(req.get("content-length") ?? 0) > limit) {
      closeGently(req);
      return void tooLarge();
    }
    // Node's parser never delivers more than a Content-Length announces; a chunked body announces
    // nothing, so it is counted as it arrives.
    if (req.get("transfer-encoding") !== undefined) return limitStreamedBody(req, res, limit, tooLarge, next);
    next();
  });

  // A page may answer before it has read the whole body (a used invitation link answers 410 at
  // once). The unread rest stays in the socket, and the browser's next request on that keep-alive
  // connection waits behind it until Node's request timeout (5 minutes). So once the answer is
  // sent, whatever is left of the body is read and dropped. (Not when the connection closes after
  // the answer: a refused oversized body is deliberately left unread, see closeGently.)
  app.use((req, res, next) => {
    res.once("finish", () => {
      if (req.complete || req.destroyed || !res.shouldKeepAlive) return;
      req.removeAllListeners("data");
      req.on("data", () => {});
      req.resume();
    });
    next();
  });

  // Every action reads a form (request.formData()); any other body made it throw, and the page
  // answered 500. Bodies that are no form are refused here with a Dutch page; a multipart body that
  // cannot be read is refused by the adapter (request-handler.server.ts), which tries it first.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || isFormContentType(req.get("content-type"))) return next();
    res.status(415).type("text/html; charset=utf-8").send(unreadableFormPage);
  });

  if (env.COMPRESS_RESPONSES === "1") app.use(compression());
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  // Other files in build/client (the favicon): only paths with an extension can be one, so pages
  // skip the file-system lookup (a failed stat on every page request).
  const clientFiles = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? clientFiles(req, res, next) : next()));

  // A form's body is read before the request asks for one of the few places in progress: a sender
  // that trickles its body holds a connection, not a place (Node's request timeout ends it). The
  // body is handed to React Router from memory (request-handler.server.ts); bodies are at most
  // MAX_BODY_BYTES (above). Uploads (up to 11 MB) are read by their page once the login is
  // checked, and have places of their own.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || isUploadPath(req.path) || req.readableEnded) return next();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => {
      res.locals.body = Buffer.concat(chunks);
      next();
    });
  });

  // Static files above are cheap and always served; everything React Router answers is admitted
  // first (admission.server.ts): a bounded number at once, a bounded queue, 503 beyond.
  app.use(admission.middleware);

  app.all(
    "/{*splat}",
    createRequestHandler({
      build,
      // Always "production": errors reach the browser sanitised, also when NODE_ENV is development.
      mode: "production",
      isUpload: isUploadPath,
      getLoadContext(req, res) {
        const context = new RouterContextProvider();
        context.set(requestInfoContext, { ip: req.ip ?? req.socket.remoteAddress ?? "unknown", nonce: res.locals.nonce as string });
        return context;
      },
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // A request Express itself refuses (a path that cannot be decoded: 400) is the sender's error,
    // not the server's: a Dutch answer with that status, and nothing in the error log.
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      if (res.headersSent) return;
      res
        .status(status)
        .type("text/plain; charset=utf-8")
        .send("Dit adres of verzoek kon niet worden gelezen. Controleer het adres en probeer het opnieuw.");
      return;
    }
    console.error(error);
    if (res.headersSent) return;
    res.status(500).type("text/plain; charset=utf-8").send("Er ging iets mis. Probeer het later opnieuw.");
  });

  return app;
}
