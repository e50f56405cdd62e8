import { isoDate, z } from "~/utils/zod";
import { parseDutchNumber } from "~/utils/number";
import { UNIT_WORDS } from "~/models/report.units";

const optionalNumber = z
  .string()
  .max(30)
  .transform((value, ctx) => {
    const n = parseDutchNumber(value);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: "Vul een getal in, of laat het veld leeg." });
      return z.NEVER;
    }
    return n;
  })
  .optional();

export const indicatorSchema = z
  .object({
    label: z
      .string({ error: "Vul de vraag in." })
      .trim()
      .min(3, { error: "Vul de vraag in." })
      .max(300, { error: "Hoogstens 300 tekens." }),
    help: z.string().trim().max(1000, { error: "Hoogstens 1000 tekens." }).optional(),
    minValue: optionalNumber,
    maxValue: optionalNumber,
    usualMax: optionalNumber,
    continuesFromId: z.number().int().positive().optional(),
  })
  .superRefine(
    (v, ctx) => {
      if (typeof v.minValue === "number" && typeof v.maxValue === "number" && v.maxValue < v.minValue) {
        ctx.addIssue({ code: "custom", path: ["maxValue"], message: "Het maximum ligt niet onder het minimum." });
      }
    },
    { when: () => true },
  );

export const reportingYearSchema = z
  .object({
    year: z
      .number({ error: "Vul een jaartal in." })
      .int({ error: "Vul een heel jaartal in." })
      .min(2020, { error: "Kies een jaar vanaf 2020." })
      .max(2100, { error: "Kies een jaar tot 2100." }),
    opensAt: isoDate("de openingsdatum"),
    dueAt: isoDate("de uiterste inleverdatum"),
  })
  .superRefine(
    (v, ctx) => {
      if (typeof v.opensAt === "string" && typeof v.dueAt === "string" && v.dueAt <= v.opensAt) {
        ctx.addIssue({ code: "custom", path: ["dueAt"], message: "De uiterste inleverdatum ligt na de openingsdatum." });
      }
    },
    { when: () => true },
  );

/** The sections a new question can go in (the plan's progress has no questions). */
export const NEW_QUESTION_SECTIONS = [
  "algemeen",
  "milieu",
  "klimaat",
  "circulair",
  "keten",
  "diversiteit",
  "social-return",
  "kwalitatief",
] as const;

/** The units of a new question (choice lists and steps need more than a form: a code change). */
const NEW_QUESTION_UNITS = ["eur", "count", "tonnes_co2", "tonnes", "fte", "people", "yes_no", "text"] as const;
/** Those units in the words of the catalogue pages (UNIT_WORDS), with a capital for a list of options. */
export const NEW_QUESTION_UNIT_LABELS = Object.fromEntries(
  NEW_QUESTION_UNITS.map((unit) => [unit, UNIT_WORDS[unit].charAt(0).toUpperCase() + UNIT_WORDS[unit].slice(1)]),
) as Record<(typeof NEW_QUESTION_UNITS)[number], string>;

export const newIndicatorSchema = z
  .object({
    section: z.enum(NEW_QUESTION_SECTIONS, { error: "Kies het onderdeel uit de lijst." }),
    label: z
      .string({ error: "Vul de vraag in." })
      .trim()
      .min(3, { error: "Vul de vraag in." })
      .max(300, { error: "Hoogstens 300 tekens." })
      .refine((v) => /[a-z]/i.test(v), { error: "Schrijf de vraag in woorden." }),
    help: z.string().trim().max(1000, { error: "Hoogstens 1000 tekens." }).optional(),
    unit: z.enum(NEW_QUESTION_UNITS, {
      error: "Kies wat voor antwoord de vraag vraagt.",
    }),
    minValue: optionalNumber,
    maxValue: optionalNumber,
    usualMax: optionalNumber,
  })
  .superRefine(
    (v, ctx) => {
      const noNumber = v.unit === "yes_no" || v.unit === "text";
      for (const key of ["minValue", "maxValue", "usualMax"] as const) {
        if (noNumber && typeof v[key] === "number")
          ctx.addIssue({ code: "custom", path: [key], message: "Een vraag zonder getal heeft geen grenzen. Maak dit veld leeg." });
      }
      if (typeof v.minValue === "number" && typeof v.maxValue === "number" && v.maxValue < v.minValue) {
        ctx.addIssue({ code: "custom", path: ["maxValue"], message: "Het maximum ligt niet onder het minimum." });
      }
    },
    { when: () => true },
  );
