import { isoDate, z } from "~/utils/zod";
import { parseDutchNumber } from "~/utils/number";

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
