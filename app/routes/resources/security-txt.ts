import { env } from "~/env.server";

const DAY_MS = 86_400_000;
/** How far ahead the file says it stays valid: RFC 9116 asks for less than a year. */
const VALID_DAYS = 180;

/**
 * /.well-known/security.txt (RFC 9116): where to report a vulnerability in the portal
 * (SECURITY_CONTACT), in which languages, and until when this file holds. Expires is counted from
 * today, at midnight UTC, so a running portal never serves an expired file; the contact itself is
 * configuration, reviewed with every release (docs/operations.md). Canonical only with
 * PUBLIC_ORIGIN: the Host header of a request is no address to publish (behind a proxy it can be
 * the internal one, and a shared cache would keep whatever a client sent).
 */
export function loader() {
  const { SECURITY_CONTACT, PUBLIC_ORIGIN } = env();
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const expires = new Date(today + VALID_DAYS * DAY_MS).toISOString().replace(".000Z", "Z");
  const body = [
    `Contact: ${SECURITY_CONTACT}`,
    `Expires: ${expires}`,
    "Preferred-Languages: nl, en",
    ...(PUBLIC_ORIGIN ? [`Canonical: ${new URL(PUBLIC_ORIGIN).origin}/.well-known/security.txt`] : []),
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
