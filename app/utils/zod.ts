import { z } from "zod";

/**
 * Zod's own messages are English and technical. Every schema gives its own Dutch message per
 * field; this is the fallback for what a schema does not cover, which only a broken or hostile
 * client can trigger (a field sent twice, a list that is too long, a value not on the list).
 * Every module imports `z` from here rather than from "zod", so the fallback holds wherever Zod
 * runs (server and browser), and pages that use no Zod in the browser do not download it (it was
 * imported by app/root.tsx, which put 4 KB gzip on every page).
 */
z.config({
  customError: (issue) => {
    if (issue.code === "invalid_type" && Array.isArray(issue.input)) {
      return "Dit veld is meer dan één keer verstuurd. Laad de pagina opnieuw en vul het nog eens in.";
    }
    if (issue.code === "too_big") return "Dit is te lang of te groot.";
    if (issue.code === "too_small") return "Dit is te kort of te klein.";
    if (issue.code === "invalid_value") return "Kies een van de mogelijkheden.";
    return "Deze waarde klopt niet. Controleer wat u hebt ingevuld.";
  },
});

export { z };

/**
 * A date as YYYY-MM-DD that exists on the calendar (not 2025-02-30 or 0000-00-00): the database's
 * CHECK (`date(x) is x`) refuses anything else, and that must be a message, never a 500.
 */
export const isoDate = (label: string) =>
  z
    .string({ error: `Vul ${label} in.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Vul ${label} in als datum (dag-maand-jaar).` })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)) && new Date(`${v}T12:00:00Z`).toISOString().startsWith(v), {
      error: `${label[0]!.toUpperCase()}${label.slice(1)} bestaat niet.`,
    });
