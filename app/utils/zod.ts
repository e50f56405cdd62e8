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
