import type { ThemeCode } from "~/database/types";

/** The six official MVOI themes (MVOI.md), in the order the manifest lists them. */
export const THEMES = [
  { code: "milieu", name: "Milieu en biodiversiteit" },
  { code: "klimaat", name: "Klimaat" },
  { code: "circulair", name: "Circulair (inclusief biobased)" },
  { code: "keten", name: "Ketenverantwoordelijkheid (Internationale Sociale Voorwaarden)" },
  { code: "diversiteit", name: "Diversiteit en Inclusie" },
  { code: "social-return", name: "Social Return" },
] as const satisfies readonly { code: ThemeCode; name: string }[];

export const THEME_CODES = THEMES.map((t) => t.code) as [ThemeCode, ...ThemeCode[]];

export const THEME_NAMES = Object.fromEntries(THEMES.map((t) => [t.code, t.name])) as Record<ThemeCode, string>;

/** PIANOo's stappenplan. */
export const STEPS = [
  { step: 1, name: "Afweging" },
  { step: 2, name: "Pilots" },
  { step: 3, name: "Verbreding" },
  { step: 4, name: "Borging" },
  { step: 5, name: "Leiderschap" },
] as const;

export const stepLabel = (step: number | null | undefined) =>
  step == null ? "niet ingevuld" : `${step} ${STEPS.find((s) => s.step === step)?.name ?? ""}`.trim();

export const CRITERIA_LEVELS = ["basis", "significant", "ambitieus"] as const;
export const CRITERIA_LABELS = { basis: "Basis", significant: "Significant", ambitieus: "Ambitieus" } as const;
