/**
 * A route module's `headers`: the Retry-After of a refusal (a 429 from a rate limit, from the
 * route's action or thrown by the root middleware) reaches the browser. React Router passes a
 * route's own action headers to this function; an error thrown by the root middleware gets its
 * Retry-After there (rate-limit.server.ts); the rest of the answer's headers
 * are set by the HTTP server (app/server/app.server.ts).
 */
export function retryAfterHeaders(args: { actionHeaders: Headers; errorHeaders: Headers | undefined }): Headers {
  const headers = new Headers();
  const retryAfter = args.errorHeaders?.get("Retry-After") ?? args.actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
}
