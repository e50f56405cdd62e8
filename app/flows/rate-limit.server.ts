import { createContext, data, type MiddlewareFunction } from "react-router";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { env } from "~/env.server";
import { readSessionId } from "~/flows/session.server";
import { normaliseEmail } from "~/models/user.server";
import { hitRateLimits, RateLimitedError, waitInWords, type RateLimitHit } from "~/models/rate-limit.server";
import { isUploadPath } from "~/utils/upload";

/** What a 429 answer carries for the error page (app/root.tsx): its message, made here (not in the browser's code). */
export type RateLimitRefusal = { rateLimited: true; message: string };

/** The key of the rate-limit rows' hashes: the first session secret (the one that signs). */
const hashKey = () => `rate-limit:${env().SESSION_SECRET.split(",")[0]}`;

/** Seconds to wait, once the rate-limit middleware refused this request. */
const refusedForContext = createContext<number | null>(null);

/**
 * Root middleware, before rateLimitMiddleware: puts a refusal's Retry-After on the error page
 * React Router renders for it (a route module's headers do not see an error thrown by middleware).
 */
export const retryAfterMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const response = await next();
  const seconds = context.get(refusedForContext);
  if (seconds !== null) response.headers.set("Retry-After", String(seconds));
  return response;
};

/**
 * Root middleware: every form post and upload counts per IP address and per session (uploads once
 * more, with a lower limit of their own). Over a limit, the request goes no further: the error
 * page says how long to wait, with Retry-After. The limits come from the environment
 * (docs/operations.md) and are kept in the database (rate-limit.server.ts).
 */
export const rateLimitMiddleware: MiddlewareFunction<Response> = async ({ request, context }) => {
  // Reads are not counted; nor is OPTIONS, which a browser sends for any web site (a count per IP
  // address would let another site use up an office's limit).
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return;
  const config = env();
  const hits: RateLimitHit[] = [
    { kind: "post-ip", subject: context.get(requestInfoContext).ip, limit: config.RATE_LIMIT_POSTS_PER_IP_PER_MINUTE, windowSeconds: 60 },
  ];
  // A forged or stale cookie has no verified session id: only the IP address's limit counts it.
  const sessionId = await readSessionId(request);
  if (sessionId) {
    hits.push({ kind: "post-session", subject: sessionId, limit: config.RATE_LIMIT_POSTS_PER_SESSION_PER_MINUTE, windowSeconds: 60 });
    const pathname = new URL(request.url).pathname.replace(/\.data$/, "");
    if (isUploadPath(pathname))
      hits.push({ kind: "upload-session", subject: sessionId, limit: config.RATE_LIMIT_UPLOADS_PER_SESSION_PER_MINUTE, windowSeconds: 60 });
  }
  // A limit of 0 is off: not counted (a write less per post).
  const outcome = await hitRateLimits(getDb(), { hits: hits.filter((h) => h.limit > 0), key: hashKey() });
  if (outcome.allowed) return;
  context.set(refusedForContext, outcome.retryAfterSeconds);
  const message =
    "Er is in korte tijd erg veel verstuurd vanaf uw computer of uw netwerk. Daarom is wat u net verstuurde niet opgeslagen. " +
    `Wacht ${waitInWords(outcome.retryAfterSeconds)} en verstuur het dan nog een keer.`;
  throw data({ rateLimited: true, message } satisfies RateLimitRefusal, { status: 429 });
};

const EMAIL_LIMITS = {
  "reset-email": {
    limit: () => env().RATE_LIMIT_RESETS_PER_EMAIL_PER_HOUR,
    message: (wait: string) => `Voor dit e-mailadres is het afgelopen uur al vaak een link gevraagd. Probeer het over ${wait} opnieuw.`,
  },
  "invitation-email": {
    limit: () => env().RATE_LIMIT_INVITATIONS_PER_EMAIL_PER_HOUR,
    message: (wait: string) => `Dit e-mailadres is het afgelopen uur al vaak uitgenodigd. Probeer het over ${wait} opnieuw.`,
  },
} as const;

/**
 * Counts a form that sends an e-mail to the address typed in it (the reset and invitation forms),
 * per address per hour, whether or not it has an account. Over the limit it throws a
 * RateLimitedError with a Dutch message for the e-mail field; the route answers 429 with it.
 */
export async function limitPerEmail(kind: keyof typeof EMAIL_LIMITS, email: string): Promise<void> {
  const limit = EMAIL_LIMITS[kind].limit();
  if (limit === 0) return;
  const outcome = await hitRateLimits(getDb(), {
    hits: [{ kind, subject: normaliseEmail(email), limit, windowSeconds: 3600 }],
    key: hashKey(),
  });
  if (!outcome.allowed)
    throw new RateLimitedError(EMAIL_LIMITS[kind].message(waitInWords(outcome.retryAfterSeconds)), outcome.retryAfterSeconds);
}
