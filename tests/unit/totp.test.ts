import { describe, expect, it } from "vitest";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  generateRecoveryCodes,
  groupSecret,
  hashRecoveryCode,
  newTotpSecret,
  timeStep,
  totpCodeAt,
  totpUri,
  verifyTotp,
} from "~/auth/totp.server";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (base32 below) at T = 59 s gives
// 94287082 (8 digits); the 6-digit code is its last six digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP verification", () => {
  const secret = newTotpSecret();
  const now = new Date("2026-03-02T10:00:10Z");
  const step = timeStep(now);

  it("matches the RFC 6238 test vector", () => {
    expect(totpCodeAt(RFC_SECRET, 1)).toBe("287082");
    expect(verifyTotp({ secret: RFC_SECRET, code: "287082", lastUsedStep: null, now: new Date(59_000) })).toEqual({ ok: true, step: 1 });
  });

  it("accepts the current code and one step either side, not two", () => {
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp({ secret, code: totpCodeAt(secret, step + delta), lastUsedStep: null, now })).toEqual({
        ok: true,
        step: step + delta,
      });
    }
    for (const delta of [-2, 2]) {
      expect(verifyTotp({ secret, code: totpCodeAt(secret, step + delta), lastUsedStep: null, now })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("refuses a code of the last used step, or an earlier one, as reused", () => {
    const code = totpCodeAt(secret, step);
    expect(verifyTotp({ secret, code, lastUsedStep: step - 1, now }).ok).toBe(true);
    expect(verifyTotp({ secret, code, lastUsedStep: step, now })).toEqual({ ok: false, reason: "reused" });
    expect(verifyTotp({ secret, code: totpCodeAt(secret, step - 1), lastUsedStep: step, now })).toEqual({ ok: false, reason: "reused" });
    expect(verifyTotp({ secret, code: totpCodeAt(secret, step + 1), lastUsedStep: step, now })).toEqual({ ok: true, step: step + 1 });
  });

  it("refuses wrong codes and anything that is not six digits; allows spaces while typing", () => {
    const code = totpCodeAt(secret, step);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(verifyTotp({ secret, code: wrong, lastUsedStep: null, now }).ok).toBe(false);
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`]) {
      expect(verifyTotp({ secret, code: bad, lastUsedStep: null, now }).ok).toBe(false);
    }
    expect(verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, lastUsedStep: null, now }).ok).toBe(true);
  });

  it("builds an otpauth:// address for the QR code and groups the secret by four", () => {
    const uri = totpUri({ secret, email: "naam@example.nl" });
    expect(uri).toMatch(/^otpauth:\/\/totp\/MVOI-portaal:naam%40example\.nl\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(groupSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});

describe("recovery codes", () => {
  it("gives ten different codes of twelve characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });

  it("hashes without regard to case, spaces and dashes, and never to the code itself", () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const hash = hashRecoveryCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace(/-/g, ""));
    expect(hashRecoveryCode(` ${code.toUpperCase().replace(/-/g, " ")} `)).toBe(hash);
    expect(hashRecoveryCode(generateRecoveryCodes(1)[0]!)).not.toBe(hash);
  });
});

describe("secrets at rest", () => {
  const secret = newTotpSecret();

  it("are not stored in plain text and come back with the right key and user", () => {
    const stored = encryptTotpSecret({ secret, userId: 7, keys: ["a-session-secret"] });
    expect(stored).not.toContain(secret);
    expect(decryptTotpSecret({ stored, userId: 7, keys: ["a-session-secret"] })).toBe(secret);
  });

  it("do not open with another key or for another user, and survive a key rotation", () => {
    const stored = encryptTotpSecret({ secret, userId: 7, keys: ["old-secret"] });
    expect(decryptTotpSecret({ stored, userId: 7, keys: ["other-secret"] })).toBeNull();
    expect(decryptTotpSecret({ stored, userId: 8, keys: ["old-secret"] })).toBeNull();
    expect(decryptTotpSecret({ stored, userId: 7, keys: ["new-secret", "old-secret"] })).toBe(secret);
    const tampered = stored.slice(0, -3) + (stored.endsWith("A") ? "BBB" : "AAA");
    expect(decryptTotpSecret({ stored: tampered, userId: 7, keys: ["old-secret"] })).toBeNull();
  });
});
