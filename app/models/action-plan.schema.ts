import { z } from "~/utils/zod";
import type { ActionStatus, CriteriaLevel, ThemeCode } from "~/database/types";
import { ACTION_STATUSES, type SectionState } from "~/models/action-plan.labels";
import { CRITERIA_LEVELS, THEME_CODES, THEMES } from "~/models/theme";
import { parseDutchNumber } from "~/utils/number";

// The labels live in action-plan.labels.ts (without Zod, for the pages' browser code).
export * from "~/models/action-plan.labels";

// One schema per form, used by the browser (Conform) and the server. The section forms check
// types and ranges only, so a draft can be saved half-filled; `checkPlanForSubmit` checks that
// the whole plan is complete before it can be submitted.

const MIN_YEAR = 2020;
const MAX_YEAR = 2040;
const MAX_PERIOD_YEARS = 8;

const year = (label: string) =>
  z
    .number({ error: `Vul bij ${label} een jaartal in, bijvoorbeeld 2025.` })
    .int({ error: `Vul bij ${label} een heel jaartal in.` })
    .min(MIN_YEAR, { error: `${capitalise(label)} ligt tussen ${MIN_YEAR} en ${MAX_YEAR}.` })
    .max(MAX_YEAR, { error: `${capitalise(label)} ligt tussen ${MIN_YEAR} en ${MAX_YEAR}.` });

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A number typed the Dutch way ("1.500.000", "2,5"). Empty means "not filled in". */
const dutchNumber = (message: string) =>
  z
    .string()
    .max(40, { error: message })
    .transform((value, ctx) => {
      const n = parseDutchNumber(value);
      if (n === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

const lockVersion = z.number({ error: "De pagina is verouderd. Laad hem opnieuw." }).int().min(1);

// 1. General ------------------------------------------------------------------------------

export const generalSchema = z
  .object({
    lockVersion,
    periodStartYear: year("het beginjaar").optional(),
    periodEndYear: year("het eindjaar").optional(),
    adoptedState: z.enum(["adopted", "not_yet"], { error: "Kies of het bestuur het plan heeft vastgesteld." }).optional(),
    adoptedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Vul een geldige datum in." })
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
        error: "Vul een geldige datum in.",
      })
      .optional(),
    publishedUrl: z
      .url({ protocol: /^https?$/, error: "Vul een volledig webadres in, beginnend met https://." })
      .max(500, { error: "Het webadres is te lang (hoogstens 500 tekens)." })
      .optional(),
  })
  .superRefine(
    (v, ctx) => {
      // Runs even when a field above failed (so all problems show at once): check types first.
      const start = typeof v.periodStartYear === "number" ? v.periodStartYear : undefined;
      const end = typeof v.periodEndYear === "number" ? v.periodEndYear : undefined;
      if (start && end) {
        if (end < start) {
          ctx.addIssue({ code: "custom", path: ["periodEndYear"], message: "Het eindjaar ligt niet vóór het beginjaar." });
        } else if (end - start + 1 > MAX_PERIOD_YEARS) {
          ctx.addIssue({ code: "custom", path: ["periodEndYear"], message: `Een actieplan beslaat hoogstens ${MAX_PERIOD_YEARS} jaar.` });
        }
      }
      const adoptedOn = typeof v.adoptedOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.adoptedOn) ? v.adoptedOn : undefined;
      if (v.adoptedState === "not_yet" && adoptedOn) {
        ctx.addIssue({
          code: "custom",
          path: ["adoptedOn"],
          message: "U koos 'nog niet vastgesteld': laat de datum leeg, of kies 'vastgesteld'.",
        });
      }
      if (adoptedOn && adoptedOn > new Date().toISOString().slice(0, 10)) {
        ctx.addIssue({ code: "custom", path: ["adoptedOn"], message: "De datum van vaststelling ligt niet in de toekomst." });
      }
    },
    { when: () => true },
  );

export type GeneralInput = z.infer<typeof generalSchema>;

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export type UploadProblem = "empty" | "too_large" | "not_pdf";
export const UPLOAD_MESSAGES: Record<UploadProblem, string> = {
  empty: "Kies een pdf-bestand om toe te voegen.",
  too_large: "Het bestand is groter dan 10 MB. Verklein het bestand of geef een link naar het gepubliceerde plan.",
  not_pdf: "Dit bestand is geen pdf. Voeg het plan toe als pdf-bestand.",
};

// 2. Themes -------------------------------------------------------------------------------

const step = z
  .number({ error: "Kies een stap van 1 tot en met 5." })
  .int({ error: "Kies een stap van 1 tot en met 5." })
  .min(1, { error: "Kies een stap van 1 tot en met 5." })
  .max(5, { error: "Kies een stap van 1 tot en met 5." });

const themeEntry = z.object({
  chosen: z.boolean().optional(),
  currentStep: step.optional(),
  criteriaLevel: z.enum(CRITERIA_LEVELS, { error: "Kies basis, significant of ambitieus." }).optional(),
  ambition: z.string().max(2000, { error: "De ambitie is hoogstens 2000 tekens lang." }).optional(),
  // Target step per year of the plan's period, in year order.
  targets: z.array(step.optional()).max(MAX_PERIOD_YEARS).optional(),
});

export const themesSchema = z.object({
  lockVersion,
  themes: z.object(
    Object.fromEntries(THEME_CODES.map((code) => [code, themeEntry.optional()])) as Record<ThemeCode, z.ZodOptional<typeof themeEntry>>,
  ),
});

export type ThemesInput = z.infer<typeof themesSchema>;

// 3. Actions ------------------------------------------------------------------------------

export const actionSchema = z.object({
  lockVersion,
  title: z
    .string({ error: "Geef de actie een titel." })
    .trim()
    .min(1, { error: "Geef de actie een titel." })
    .max(200, { error: "De titel is hoogstens 200 tekens lang." }),
  themes: z
    .array(z.enum(THEME_CODES, { error: "Kies thema's uit de lijst." }))
    .max(6)
    .optional(),
  owner: z.string().trim().max(200, { error: "De eigenaar is hoogstens 200 tekens lang." }).optional(),
  plannedYear: year("het jaar").optional(),
  plannedQuarter: z
    .number({ error: "Kies een kwartaal." })
    .int()
    .min(1, { error: "Kies een kwartaal." })
    .max(4, { error: "Kies een kwartaal." })
    .optional(),
  status: z.enum(ACTION_STATUSES, { error: "Kies de stand van de actie." }),
});

export type ActionInput = z.infer<typeof actionSchema>;

// 4. Resources ----------------------------------------------------------------------------

export const resourcesSchema = z.object({
  lockVersion,
  budgetEur: dutchNumber("Vul het budget in hele euro's in, bijvoorbeeld 250.000.")
    .pipe(
      z
        .number()
        .int({ error: "Vul het budget in hele euro's in, zonder centen." })
        .min(0, { error: "Het budget is niet negatief." })
        .max(100_000_000_000, { error: "Dit budget is onwaarschijnlijk groot. Controleer het bedrag." }),
    )
    .optional(),
  staffFte: dutchNumber("Vul de personele inzet in fte in, bijvoorbeeld 1,5.")
    .pipe(
      z
        .number()
        .min(0, { error: "De personele inzet is niet negatief." })
        .max(10_000, { error: "Dit aantal fte is onwaarschijnlijk groot. Controleer het getal." })
        .refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, {
          error: "Vul fte in met hoogstens twee cijfers achter de komma.",
        }),
    )
    .optional(),
});

export type ResourcesInput = z.infer<typeof resourcesSchema>;

// Review ----------------------------------------------------------------------------------

export const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({
    intent: z.literal("return"),
    reason: z
      .string({ error: "Schrijf waarom u het plan terugstuurt, zodat de organisatie weet wat er moet veranderen." })
      .trim()
      .min(10, { error: "Schrijf in ten minste 10 tekens waarom u het plan terugstuurt." })
      .max(4000, { error: "De toelichting is hoogstens 4000 tekens lang." }),
  }),
]);

/** Reopening an accepted plan: the ministry says why (the organisation reads it). */
export const reopenSchema = z.object({
  intent: z.literal("reopen"),
  reason: z
    .string({ error: "Schrijf waarom u het plan heropent, zodat de organisatie weet wat er moet veranderen." })
    .trim()
    .min(10, { error: "Schrijf in ten minste 10 tekens waarom u het plan heropent." })
    .max(4000, { error: "De toelichting is hoogstens 4000 tekens lang." }),
});

// The whole plan ------------------------------------------------------------------------

export type PlanTheme = {
  theme: ThemeCode;
  chosen: boolean;
  currentStep: number | null;
  criteriaLevel: CriteriaLevel | null;
  ambition: string | null;
  targets: Record<number, number>;
};

export type PlanAction = {
  id: number;
  /** The action's identity across plan versions (the id of its first version); set when read from the database. */
  lineageId?: number;
  position: number;
  title: string;
  themes: ThemeCode[];
  owner: string | null;
  plannedYear: number | null;
  plannedQuarter: number | null;
  status: ActionStatus;
};

export type PlanDocument = {
  periodStartYear: number | null;
  periodEndYear: number | null;
  adoptedState: "adopted" | "not_yet" | null;
  adoptedOn: string | null;
  publishedUrl: string | null;
  file: { name: string; sha256: string; size: number } | null;
  themes: PlanTheme[];
  actions: PlanAction[];
  budgetEur: number | null;
  staffFte: number | null;
};

export type PlanSection = "algemeen" | "themas" | "acties" | "middelen";

export const SECTIONS: { key: PlanSection; title: string }[] = [
  { key: "algemeen", title: "Algemeen: looptijd, vaststelling en het plan zelf" },
  { key: "themas", title: "Ambities per thema" },
  { key: "acties", title: "Acties" },
  { key: "middelen", title: "Middelen: budget en personele inzet" },
];

export type SubmitProblem = { section: PlanSection; field: string; message: string };

export function periodYears(doc: Pick<PlanDocument, "periodStartYear" | "periodEndYear">): number[] {
  const { periodStartYear: start, periodEndYear: end } = doc;
  if (!start || !end || end < start || end - start + 1 > MAX_PERIOD_YEARS) return [];
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/** Everything a plan needs before it can be submitted; each problem names the field to fix. */
export function checkPlanForSubmit(doc: PlanDocument): SubmitProblem[] {
  const problems: SubmitProblem[] = [];
  const add = (section: PlanSection, field: string, message: string) => problems.push({ section, field, message });

  if (!doc.periodStartYear) add("algemeen", "periodStartYear", "Vul het beginjaar van het plan in.");
  if (!doc.periodEndYear) add("algemeen", "periodEndYear", "Vul het eindjaar van het plan in.");
  if (!doc.adoptedState) add("algemeen", "adoptedState", "Geef aan of het bestuur het plan heeft vastgesteld.");
  if (doc.adoptedState === "adopted" && !doc.adoptedOn) add("algemeen", "adoptedOn", "Vul de datum van vaststelling in.");
  if (doc.adoptedState === "adopted" && !doc.publishedUrl && !doc.file) {
    add("algemeen", "publishedUrl", "Geef de link naar het gepubliceerde plan, of voeg het plan toe als pdf.");
  }

  const years = periodYears(doc);
  const chosen = doc.themes.filter((t) => t.chosen);
  if (chosen.length === 0) add("themas", "themes", "Kies ten minste één thema.");
  for (const t of chosen) {
    const name = THEMES.find((x) => x.code === t.theme)!.name;
    const prefix = `themes.${t.theme}`;
    if (!t.currentStep) add("themas", `${prefix}.currentStep`, `${name}: kies de huidige stap.`);
    if (!t.criteriaLevel) add("themas", `${prefix}.criteriaLevel`, `${name}: kies het niveau van de criteria.`);
    if (!t.ambition?.trim()) add("themas", `${prefix}.ambition`, `${name}: beschrijf de ambitie.`);
    years.forEach((y, i) => {
      if (!t.targets[y]) add("themas", `${prefix}.targets[${i}]`, `${name}: kies de doelstap voor ${y}.`);
    });
    if (t.currentStep) {
      const first = years.map((y) => t.targets[y]).find((s) => s != null);
      if (first != null && first < t.currentStep) {
        add("themas", `${prefix}.targets[0]`, `${name}: de doelstap ligt niet lager dan de huidige stap.`);
      }
    }
  }

  if (doc.actions.length === 0) add("acties", "actions", "Voeg ten minste één actie toe.");
  for (const a of doc.actions) {
    if (a.themes.length === 0) add("acties", `action-${a.id}`, `Actie "${a.title}": kies bij welk thema de actie hoort.`);
    if (!a.owner) add("acties", `action-${a.id}`, `Actie "${a.title}": vul in wie eigenaar is.`);
    if (!a.plannedYear || !a.plannedQuarter) add("acties", `action-${a.id}`, `Actie "${a.title}": kies wanneer de actie gepland is.`);
  }

  if (doc.budgetEur == null) add("middelen", "budgetEur", "Vul het budget in.");
  if (doc.staffFte == null) add("middelen", "staffFte", "Vul de personele inzet in fte in.");
  return problems;
}

export function sectionStates(doc: PlanDocument): Record<PlanSection, SectionState> {
  const problems = checkPlanForSubmit(doc);
  const started: Record<PlanSection, boolean> = {
    algemeen: Boolean(doc.periodStartYear || doc.periodEndYear || doc.adoptedState || doc.publishedUrl || doc.file),
    themas: doc.themes.some((t) => t.chosen || t.currentStep || t.ambition),
    acties: doc.actions.length > 0,
    middelen: doc.budgetEur != null || doc.staffFte != null,
  };
  return Object.fromEntries(
    SECTIONS.map(({ key }) => [key, !started[key] ? "not_started" : problems.some((p) => p.section === key) ? "in_progress" : "complete"]),
  ) as Record<PlanSection, SectionState>;
}
