import type { NextFunction, Request, Response } from "express";

/**
 * Admission control (issue #25, decision 037): the portal works on at most `maxInFlight` requests
 * at once and lets at most `maxQueue` more wait, each at most `maxWaitMs`. Anything beyond is
 * answered at once with 503 and Retry-After, instead of queueing without bound until every answer
 * comes too late (on deadline day every signatory's officers arrive at once).
 *
 * Three kinds, by what losing them costs:
 * - "priority": every form post (logins, saves of a form someone is filling in): may use every
 *   place, waits first, and may take a waiting page view's place in a full queue;
 * - "page": page views, which leave `priorityReserve` places free for the posts;
 * - "export": csv, xlsx and pdf downloads, as pages and at most `maxExports` at once (one export
 *   streams for seconds).
 */
export type AdmissionLimits = {
  maxInFlight: number;
  priorityReserve: number;
  maxExports: number;
  maxQueue: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
};

export type AdmissionKind = "priority" | "page" | "export";

/** Paths that skip admission: the health check (a load balancer must see a busy portal as alive). */
const ALWAYS_ADMITTED = new Set(["/healthz"]);
const EXPORT_PATH = /\.(csv|xlsx|pdf)$/i;

export function admissionKind(method: string, path: string): AdmissionKind {
  if (method !== "GET" && method !== "HEAD") return "priority";
  return EXPORT_PATH.test(path.replace(/\.data$/, "")) ? "export" : "page";
}

type Waiter = { kind: AdmissionKind; start: () => void; refuse: () => void; timer?: NodeJS.Timeout };

/** Counters since the server started (for the load test's report and, later, metrics). */
export type AdmissionStats = { admitted: number; queued: number; refused: number; inFlight: number; waiting: number };

export function createAdmission(limits: AdmissionLimits) {
  let inFlight = 0;
  let exportsInFlight = 0;
  const stats = { admitted: 0, queued: 0, refused: 0 };
  const waiting: Record<AdmissionKind, Waiter[]> = { priority: [], page: [], export: [] };
  const waitingCount = () => waiting.priority.length + waiting.page.length + waiting.export.length;

  const hasRoom = (kind: AdmissionKind) => {
    if (kind === "priority") return inFlight < limits.maxInFlight;
    if (inFlight >= limits.maxInFlight - limits.priorityReserve) return false;
    return kind === "page" || exportsInFlight < limits.maxExports;
  };

  /** Lets waiting requests in while there is room: posts first, then page views, then exports, each in order of arrival. */
  const dispatch = () => {
    for (const kind of ["priority", "page", "export"] as const) {
      while (waiting[kind].length > 0 && hasRoom(kind)) {
        const waiter = waiting[kind].shift()!;
        clearTimeout(waiter.timer);
        waiter.start();
      }
    }
  };

  const remove = (waiter: Waiter) => {
    const list = waiting[waiter.kind];
    const at = list.indexOf(waiter);
    if (at >= 0) list.splice(at, 1);
  };

  function middleware(req: Request, res: Response, next: NextFunction) {
    if (ALWAYS_ADMITTED.has(req.path)) return next();
    const kind = admissionKind(req.method, req.path);
    const start = () => {
      inFlight++;
      if (kind === "export") exportsInFlight++;
      stats.admitted++;
      let done = false;
      // "close" comes once the answer is sent, or when the connection went away before that.
      res.once("close", () => {
        if (done) return;
        done = true;
        inFlight--;
        if (kind === "export") exportsInFlight--;
        dispatch();
      });
      next();
    };
    const refuse = () => {
      stats.refused++;
      sendBusy(req, res, limits.retryAfterSeconds);
    };
    // Nobody of this kind (or a more urgent one) waits ahead of it: in at once if there is room.
    const ahead = kind === "priority" ? waiting.priority.length : waiting.priority.length + waiting.page.length + waiting.export.length;
    if (ahead === 0 && hasRoom(kind)) return start();
    if (limits.maxWaitMs === 0) return refuse();
    if (waitingCount() >= limits.maxQueue) {
      // A full queue: a post takes the place of the page view or export that came in last.
      const evicted = kind === "priority" ? (waiting.export.pop() ?? waiting.page.pop()) : undefined;
      if (!evicted) return refuse();
      clearTimeout(evicted.timer);
      evicted.refuse();
    }
    const waiter: Waiter = { kind, start, refuse };
    waiter.timer = setTimeout(() => {
      remove(waiter);
      refuse();
    }, limits.maxWaitMs);
    // A browser that gives up while waiting frees its place in the queue.
    res.once("close", () => {
      clearTimeout(waiter.timer);
      remove(waiter);
    });
    waiting[kind].push(waiter);
    stats.queued++;
  }

  return {
    middleware,
    stats: (): AdmissionStats => ({ ...stats, inFlight, waiting: waitingCount() }),
  };
}

/** The 503: a JSON problem (RFC 9457) for a client that asks for JSON, otherwise a short Dutch page. */
function sendBusy(req: Request, res: Response, retryAfterSeconds: number) {
  if (res.headersSent || res.destroyed) return;
  res.status(503).set("Retry-After", String(retryAfterSeconds)).set("Cache-Control", "no-store");
  const wait = retryAfterSeconds === 1 ? "1 seconde" : `${retryAfterSeconds} seconden`;
  if (req.path.startsWith("/api/") || req.accepts(["html", "json"]) === "json") {
    res.type("application/problem+json").send(
      JSON.stringify({
        type: "about:blank",
        title: "Het portaal is op dit moment te druk",
        status: 503,
        detail: `Probeer het over ${wait} opnieuw.`,
      }),
    );
    return;
  }
  res
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html lang="nl"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Even te druk - MVOI-portaal</title><h1>Het is op dit moment te druk in het portaal</h1>` +
        `<p>Daarom kon het portaal uw verzoek nu niet behandelen. Wat u net verstuurde is niet opgeslagen.</p>` +
        `<p>Probeer het over ${wait} opnieuw: laad de pagina opnieuw, of ga terug en verstuur het formulier nog een keer.</p></html>`,
    );
}
