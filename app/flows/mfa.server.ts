import QRCode from "qrcode";
import { env } from "~/env.server";
import type { Audience } from "~/auth/permissions";
import { groupSecret, totpUri } from "~/auth/totp.server";

export { MFA_MESSAGES } from "~/auth/mfa.schema";

/** The keys that encrypt TOTP secrets at rest: derived from SESSION_SECRET (see totp.server.ts). */
export function mfaKeys(): string[] {
  return env().SESSION_SECRET.split(",");
}

/** The ministry and administrators must use an authenticator app; everyone else may. */
export function mfaRequired(audiences: readonly Audience[]): boolean {
  return audiences.includes("ministry") || audiences.includes("admin");
}

export type SetupView = { secretGrouped: string; qrDataUrl: string; email: string };

/**
 * What the set-up page shows: the QR code (an SVG as a data: URL, rendered here, so no script
 * and nothing inline for the CSP to block; img-src allows data:) and the secret in groups of four.
 */
export async function setupView(args: { secret: string; email: string }): Promise<SetupView> {
  const svg = await QRCode.toString(totpUri(args), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    secretGrouped: groupSecret(args.secret),
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    email: args.email,
  };
}
