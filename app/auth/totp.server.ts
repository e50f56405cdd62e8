import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";

// Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 seconds, as every authenticator
// app expects), recovery codes, and the encryption of the stored secrets. Pure functions: the
// database is in app/models/mfa.server.ts, the login flow in app/auth/second-factor.server.ts.

export const TOTP_ISSUER = "MVOI-portaal";
const PERIOD = 30;
/** One step either side of now: a phone whose clock is 30 seconds off still works. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function totp(secretBase32: string, label = "") {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(args: { secret: string; email: string }): string {
  return totp(args.secret, args.email).toString();
}

/** The secret in groups of four, for typing it over: "ABCD EFGH ...". */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The time step (counter) of a moment: the number of 30-second periods since 1970. */
export function timeStep(now: Date = new Date()): number {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

/** The code of one time step (for tests and the demo README; the server never needs to show one). */
export function totpCodeAt(secret: string, step: number): string {
  return totp(secret).generate({ timestamp: step * PERIOD * 1000 });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "invalid" | "reused" };

/**
 * Checks a typed code against the secret, allowing one step of clock drift either way. A code is
 * accepted once: the step it belongs to must be later than the last step used (`lastUsedStep`),
 * so the same code, or an older one, is refused as "reused". The caller stores the returned step.
 */
export function verifyTotp(args: { secret: string; code: string; lastUsedStep: number | null; now?: Date }): TotpCheck {
  const code = normaliseTotpCode(args.code);
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: "invalid" };
  const now = args.now ?? new Date();
  const delta = totp(args.secret).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: "invalid" };
  const step = timeStep(now) + delta;
  if (args.lastUsedStep !== null && step <= args.lastUsedStep) return { ok: false, reason: "reused" };
  return { ok: true, step };
}

/** Spaces and dashes are allowed while typing ("123 456"). */
export function normaliseTotpCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

// Recovery codes: 12 characters from an alphabet without look-alikes (no 0/o, 1/l/i), about 60
// bits each, shown as xxxx-xxxx-xxxx. Stored as SHA-256: with 60 random bits a slow hash adds
// nothing, and each code works once.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256")
    .update(`mvoi-recovery:${normaliseRecoveryCode(code)}`)
    .digest("hex");
}

// Secrets at rest: AES-256-GCM with a key derived (HKDF-SHA256) from SESSION_SECRET, and the user
// id as additional data, so a secret copied to another user's row does not decrypt. Format:
// v1.<iv>.<ciphertext>.<tag> (base64url). With rotated secrets ("new,old") the first encrypts and
// every one is tried to decrypt.
function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "mvoi-totp-secret", "totp-secret-encryption-v1", 32));
}

export function encryptTotpSecret(args: { secret: string; userId: number; keys: readonly string[] }): string {
  const key = args.keys[0];
  if (!key) throw new Error("No key to encrypt the TOTP secret with (SESSION_SECRET)");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(key), iv);
  cipher.setAAD(Buffer.from(`user:${args.userId}`));
  const ciphertext = Buffer.concat([cipher.update(args.secret, "utf8"), cipher.final()]);
  return ["v1", iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** The secret, or null when no key opens it (SESSION_SECRET replaced, or the row tampered with). */
export function decryptTotpSecret(args: { stored: string; userId: number; keys: readonly string[] }): string | null {
  const [version, iv, ciphertext, tag] = args.stored.split(".");
  if (version !== "v1" || !iv || !ciphertext || !tag) return null;
  for (const key of args.keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyFrom(key), Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(`user:${args.userId}`));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // not this key
    }
  }
  return null;
}
