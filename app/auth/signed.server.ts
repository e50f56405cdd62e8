import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "~/env.server";

// Data the portal hands to a browser or a spreadsheet and reads back, which the user must not be
// able to change unnoticed: the answers as they were read (the grid's and the template's stamps),
// a preview's changes waiting for confirmation. Signed with an HMAC-SHA256 under a key derived
// (HKDF) from SESSION_SECRET; with rotated secrets ("new,old") the first signs and every one is
// tried. The purpose names what the data is for and where it belongs (a signatory, a year), so a
// value signed for one purpose is refused for any other: a template of another organisation or
// year, or a stamp of the grid posted as a preview.

const keys = new Map<string, Buffer>();
function keyFrom(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "mvoi-signed-data", "signed-data-v1", 32));
    keys.set(secret, key);
  }
  return key;
}

const secrets = () => env().SESSION_SECRET.split(",");
const mac = (secret: string, purpose: string, payload: string) =>
  createHmac("sha256", keyFrom(secret)).update(purpose).update("\n").update(payload).digest();

/** `payload` signed for `purpose`: base64url of the payload, a dot, base64url of the MAC. */
export function sign(purpose: string, payload: string): string {
  return `${Buffer.from(payload, "utf8").toString("base64url")}.${mac(secrets()[0]!, purpose, payload).toString("base64url")}`;
}

/** The payload of a value signed for `purpose`, or null when it was not (changed, foreign, malformed). */
export function verify(purpose: string, signed: unknown): string | null {
  if (typeof signed !== "string") return null;
  const match = /^([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{43})$/.exec(signed);
  if (!match) return null;
  const payload = Buffer.from(match[1]!, "base64url").toString("utf8");
  const given = Buffer.from(match[2]!, "base64url");
  return secrets().some((s) => timingSafeEqual(mac(s, purpose, payload), given)) ? payload : null;
}
