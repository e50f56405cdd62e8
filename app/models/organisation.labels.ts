import type { OrganisationKind, Sector } from "~/database/types";

// Labels, enums and small rules about organisations, without Zod: the pages' browser code imports
// these, and importing the schemas would bring Zod (some 25 KB gzip) into every such page.
// organisation.schema.ts re-exports them.

export const SECTORS = ["rijksoverheid", "provincies", "gemeenten", "waterschappen", "overig"] as const satisfies readonly Sector[];

export const SECTOR_LABELS: Record<Sector, string> = {
  rijksoverheid: "Rijksoverheid",
  provincies: "Provincies",
  gemeenten: "Gemeenten",
  waterschappen: "Waterschappen",
  overig: "Overige organisaties",
};

export const KINDS = [
  "ministerie",
  "uitvoeringsorganisatie",
  "koepelorganisatie",
  "provincie",
  "gemeente",
  "waterschap",
  "overig",
] as const satisfies readonly OrganisationKind[];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  ministerie: "Ministerie",
  uitvoeringsorganisatie: "Uitvoeringsorganisatie",
  koepelorganisatie: "Koepelorganisatie",
  provincie: "Provincie",
  gemeente: "Gemeente",
  waterschap: "Waterschap",
  overig: "Overig",
};

/**
 * An organisation that signed the manifest itself, not through another (an umbrella such as the
 * Unie van Waterschappen): the one term for it on every page, form and export.
 */
export const SIGNED_ITSELF = "Zelf getekend";

/** The sector as written in db/signatories.csv ("Overige organisaties") to its code. */
export function sectorFromLabel(label: string): Sector | undefined {
  const entry = Object.entries(SECTOR_LABELS).find(([, l]) => l.toLowerCase() === label.trim().toLowerCase());
  return entry?.[0] as Sector | undefined;
}

/** "Gemeente Den Haag ('s-Gravenhage)" -> "gemeente-den-haag-s-gravenhage". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** An action plan is due one year after signing the manifest (YYYY-MM-DD), or null if unknown. */
export function actionPlanDueDate(signedAt: string | null): string | null {
  if (!signedAt || !/^\d{4}-\d{2}-\d{2}$/.test(signedAt)) return null;
  const [year, month, day] = signedAt.split("-").map(Number) as [number, number, number];
  const due = new Date(Date.UTC(year + 1, month - 1, day));
  // 29 February + 1 year becomes 1 March: the last day of February is meant.
  if (due.getUTCMonth() !== month - 1) due.setUTCDate(0);
  return due.toISOString().slice(0, 10);
}
