import type { MembershipRole } from "~/database/types";

// Pure rules shared by server and UI. The act-for rule on data lives in access.server.ts.

export type Audience = "signatory" | "ministry" | "admin";

export const ROLE_LABELS: Record<MembershipRole, string> = {
  editor: "Inkoper / MVI-coördinator",
  viewer: "Meelezer",
  reviewer: "Beoordelaar ministerie",
  admin: "Beheerder",
};

export function audiencesFor(roles: readonly MembershipRole[]): Audience[] {
  const audiences: Audience[] = [];
  if (roles.includes("editor") || roles.includes("viewer")) audiences.push("signatory");
  if (roles.includes("reviewer")) audiences.push("ministry");
  if (roles.includes("admin")) audiences.push("admin");
  return audiences;
}

/** The ministry and administrators read every organisation (and write none of its data). */
export function canReadAllOrganisations(audiences: readonly Audience[]): boolean {
  return audiences.includes("ministry") || audiences.includes("admin");
}

/** Where a user lands after login: administrators, then the ministry, then signatories. */
export function homePathFor(audiences: readonly Audience[]): string {
  if (audiences.includes("admin")) return "/beheer";
  if (audiences.includes("ministry")) return "/ministerie";
  if (audiences.includes("signatory")) return "/organisaties";
  return "/geen-toegang";
}

/**
 * A redirect target after login must be a path on this site: one leading slash, no scheme,
 * no protocol-relative "//" or "/\", no encoded variants of those, no control characters.
 */
export function safeRedirectPath(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 500) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return fallback;
  }
  for (const candidate of [target, decoded]) {
    if (!candidate.startsWith("/")) return fallback;
    if (candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  }
  return target;
}
