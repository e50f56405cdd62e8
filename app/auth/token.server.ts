import { createHash, randomBytes } from "node:crypto";

/** A single-use link token: 256 random bits for the e-mail, only its SHA-256 in the database. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token from a URL: base64url of 32 bytes, anything else is not one of ours. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
