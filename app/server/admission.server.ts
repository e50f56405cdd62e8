import type { NextFunction, Request, Response } from "express";
import { isUploadPath } from "~/utils/upload";

/**
 * Admission control (issue #25, decision 037): the portal works on at most `maxInFlight` requests
 * at once and lets at most `maxQueue` more wait, each at most `maxWaitMs`. Anything beyond is
 * answered at once with 503 and Retry-After, instead of queueing without bound until every answer
 * comes too late (on deadline day every signatory's officers arrive at once). A request that would
 * not get in within `maxWaitMs`, judged by how long requests of its kind have been taking, is
 * refused at once too, instead of after waiting in vain.
 *
 * Four kinds, by what losing them costs and what they cost:
 * - "login": a post that checks or sets a password (logging in, a reset or invitation link, the
 *   account's security page): first
 *   in line, but at most `maxLogins` at once, since each takes tens of milliseconds of a core
 *   (scrypt) and a crowd of them would starve everything else;
 * - "post": every other form post (saves of a form someone is filling in): may use every place;
 * - "upload": a plan's pdf or a filled-in spreadsheet, as posts but at most `maxUploads` at once
 *   (each streams up to 11 MB; a form's body is read before it asks for a place, an upload's not);
 * - "page": page views, which leave `priorityReserve` places free for logins and posts;
 * - "export": csv, xlsx and pdf downloads, as pages and at most `maxExports` at once (one export
 *   streams for seconds).
 * A login or post finding the queue full takes the place of the page view or export that came last.
 */
export type AdmissionLimits = {
  maxInFlight: number;
  priorityReserve: number;
  maxLogins: number;
  maxUploads: number;
  maxExports: number;
  maxQueue: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
};

export type AdmissionKind = "login" | "post" | "upload" | "page" | "export";
/** The order in which waiting requests are let in. */
const KINDS: AdmissionKind[] = ["login", "post", "upload", "page", "export"];

/** Paths that skip admission: the health check (a load balancer must see a busy portal as alive). */
const ALWAYS_ADMITTED = new Set(["/healthz"]);
const EXPORT_PATH = /\.(csv|xlsx|pdf)$/i;
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Posts that check or set a password: the login, a password-reset link, an invitation link and
 * the account's security page (asks for the password again). As React Router matches: any case,
 * with or without a closing slash.
 */
const PASSWORD_PATH = /^\/(inloggen|wachtwoord-herstellen\/[^/]+|uitnodiging\/[^/]+|account\/beveiliging)\/?$/i;

export function admissionKind(method: string, path: string): AdmissionKind {
  const bare = path.replace(/\.data$/, "");
  // A state change (POST; React Router gives PUT, PATCH and DELETE the same action). OPTIONS, sent
  // by browsers on any web site's behalf, changes nothing and gets no priority.
  if (!READ_METHODS.has(method)) return PASSWORD_PATH.test(bare) ? "login" : isUploadPath(bare) ? "upload" : "post";
  return EXPORT_PATH.test(bare) ? "export" : "page";
}

const isPriority = (kind: AdmissionKind) => kind === "login" || kind === "post" || kind === "upload";

type Waiter = { kind: AdmissionKind; start: () => void; refuse: () => void; timer?: NodeJS.Timeout };

/** Counters since the server started (for the load test's report and, later, metrics). */
export type AdmissionStats = { admitted: number; queued: number; refused: number; inFlight: number; waiting: number };

export function createAdmission(limits: AdmissionLimits) {
  let inFlight = 0;
  const inFlightOf: Record<AdmissionKind, number> = { login: 0, post: 0, upload: 0, page: 0, export: 0 };
  const stats = { admitted: 0, queued: 0, refused: 0 };
  const waiting: Record<AdmissionKind, Waiter[]> = { login: [], post: [], upload: [], page: [], export: [] };
  const waitingCount = () => KINDS.reduce((n, kind) => n + waiting[kind].length, 0);
  // How long a request of each kind has been taking lately, from admission to its answer (a moving
  // average): with the places of its kind, how soon a waiting one gets in.
  const meanMs: Record<AdmissionKind, number> = { login: 0, post: 0, upload: 0, page: 0, export: 0 };
  const placesOf = (kind: AdmissionKind) =>
    kind === "login"
      ? Math.min(limits.maxLogins, limits.maxInFlight)
      : kind === "upload"
        ? Math.min(limits.maxUploads, limits.maxInFlight)
        : kind === "post"
          ? limits.maxInFlight
          : kind === "page"
            ? limits.maxInFlight - limits.priorityReserve
            : Math.min(limits.maxExports, limits.maxInFlight - limits.priorityReserve);

  const hasRoom = (kind: AdmissionKind) => {
    if (kind === "login") return inFlight < limits.maxInFlight && inFlightOf.login < limits.maxLogins;
    if (kind === "upload") return inFlight < limits.maxInFlight && inFlightOf.upload < limits.maxUploads;
    if (kind === "post") return inFlight < limits.maxInFlight;
    if (inFlight >= limits.maxInFlight - limits.priorityReserve) return false;
    return kind === "page" || inFlightOf.export < limits.maxExports;
  };

  /** The requests that would be let in before one of `kind` arriving now. */
  const ahead = (kind: AdmissionKind) => {
    if (kind === "login") return waiting.login.length;
    if (kind === "post") return waiting.login.length + waiting.post.length;
    if (kind === "upload") return waiting.upload.length;
    return waitingCount();
  };

  /**
   * Whether a request of `kind` would wait longer than allowed: the requests let in before it,
   * taking as long as requests of its kind have lately, over the places its kind may use. Before
   * any request of its kind has finished, the queue's own bounds decide.
   */
  const wouldWaitTooLong = (kind: AdmissionKind) => ((ahead(kind) + 1) * meanMs[kind]) / Math.max(1, placesOf(kind)) > limits.maxWaitMs;

  /** Lets waiting requests in while there is room, by kind in the order of KINDS, each in order of arrival. */
  const dispatch = () => {
    for (const kind of KINDS) {
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
    let state: "new" | "waiting" | "running" | "done" = "new";
    let startedAt = 0;
    const waiter: Waiter = {
      kind,
      start: () => {
        state = "running";
        startedAt = performance.now();
        inFlight++;
        inFlightOf[kind]++;
        stats.admitted++;
        next();
      },
      refuse: () => {
        state = "done";
        stats.refused++;
        sendBusy(req, res, limits.retryAfterSeconds);
      },
    };
    // One listener for the request's whole stay: "close" comes once the answer is sent, or when
    // the browser went away before that (while waiting, that frees its place in the queue).
    res.once("close", () => {
      if (state === "waiting") {
        clearTimeout(waiter.timer);
        remove(waiter);
      } else if (state === "running") {
        inFlight--;
        inFlightOf[kind]--;
        const took = performance.now() - startedAt;
        meanMs[kind] = meanMs[kind] === 0 ? took : 0.8 * meanMs[kind] + 0.2 * took;
        dispatch();
      }
      state = "done";
    });
    // Requests still waiting have no room (dispatch lets them in as soon as they do), so a
    // newcomer with room goes ahead of waiting ones of other kinds, never of its own.
    if (waiting[kind].length === 0 && hasRoom(kind)) return waiter.start();
    if (limits.maxWaitMs === 0 || wouldWaitTooLong(kind)) return waiter.refuse();
    if (waitingCount() >= limits.maxQueue) {
      const evicted = isPriority(kind) ? (waiting.export.pop() ?? waiting.page.pop()) : undefined;
      if (!evicted) return waiter.refuse();
      clearTimeout(evicted.timer);
      evicted.refuse();
    }
    state = "waiting";
    waiter.timer = setTimeout(() => {
      remove(waiter);
      waiter.refuse();
    }, limits.maxWaitMs);
    waiting[kind].push(waiter);
    stats.queued++;
  }

  return {
    middleware,
    stats: (): AdmissionStats => ({ ...stats, inFlight, waiting: waitingCount() }),
  };
}

/** The 503: a JSON problem (RFC 9457) for a client that asks for JSON, a Dutch sentence for React Router's data requests, otherwise a short Dutch page. */
function sendBusy(req: Request, res: Response, retryAfterSeconds: number) {
  if (res.headersSent || res.destroyed) return;
  res.status(503).set("Retry-After", String(retryAfterSeconds)).set("Cache-Control", "no-store");
  const wait = retryAfterSeconds === 1 ? "1 seconde" : `${retryAfterSeconds} seconden`;
  if (req.path.startsWith("/api/") || req.accepts(["html", "json"]) === "json") {
    res.type("application/problem+json").send(
      JSON.stringify({
        type: "about:blank",
        title: "Het is nu te druk in het portaal",
        status: 503,
        detail: `Probeer het over ${wait} opnieuw.`,
      }),
    );
    return;
  }
  // With JavaScript, React Router fetched the page's data: its error page shows this text.
  if (req.path.endsWith(".data")) {
    res
      .type("text/plain; charset=utf-8")
      .send(`Het is nu te druk in het portaal. Wat u net verstuurde is niet opgeslagen. Probeer het over ${wait} opnieuw.`);
    return;
  }
  res
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html lang="nl"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Te druk - MVOI-portaal</title><h1>Het is nu te druk in het portaal</h1>` +
        `<p>Daardoor lukte het even niet. Probeer het over ${wait} opnieuw.</p>` +
        `<p>Verstuurde u een formulier? Dan is dat niet opgeslagen. Ga terug en verstuur het nog een keer.</p></html>`,
    );
}
