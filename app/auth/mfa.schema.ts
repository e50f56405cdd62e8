import { z } from "~/utils/zod";

// Forms of the second login step and the account's security page (browser and server).

/** Dutch messages of the second login step, shown by the server and the pages. */
export const MFA_MESSAGES = {
  invalid: "Deze code klopt niet. Kijk in uw app en vul de code in die u nu ziet.",
  reused: "Deze code is al gebruikt. Wacht tot uw app een nieuwe code laat zien en vul die in.",
  recoveryInvalid: "Deze herstelcode klopt niet of is al gebruikt. Controleer de code en probeer het opnieuw.",
  throttledAccount: "Er is te vaak een verkeerde code ingevuld. Wacht 15 minuten en probeer het dan opnieuw.",
  expired: "Uw inlogpoging is verlopen of niet gevonden. Log opnieuw in met uw e-mailadres en wachtwoord.",
  password: "Het wachtwoord klopt niet.",
} as const;

const totpCode = z
  .string({ error: "Vul de code uit uw app in." })
  .trim()
  .max(20, "Een code bestaat uit 6 cijfers.")
  .refine((v) => /^\d{6}$/.test(v.replace(/[\s-]/g, "")), "Een code bestaat uit 6 cijfers, bijvoorbeeld 123456.");

const recoveryCode = z
  .string({ error: "Vul een herstelcode in." })
  .trim()
  .max(40, "Een herstelcode is 12 tekens lang, bijvoorbeeld abcd-efgh-jkmn.")
  .refine((v) => /^[a-z0-9]{12}$/i.test(v.replace(/[\s-]/g, "")), "Een herstelcode is 12 tekens lang, bijvoorbeeld abcd-efgh-jkmn.");

/** A code from the app, or (where the form says so) a recovery code. */
const codeOrRecovery = z
  .string({ error: "Vul de code uit uw app of een herstelcode in." })
  .trim()
  .max(40, "Vul de 6 cijfers uit uw app of een herstelcode in.")
  .refine((v) => /^(\d{6}|[a-z0-9]{12})$/i.test(v.replace(/[\s-]/g, "")), "Vul de 6 cijfers uit uw app of een herstelcode in.");

export const codeSchema = z.object({ code: totpCode });
export const recoverySchema = z.object({ recoveryCode });

export const disableSchema = z.object({
  password: z.string({ error: "Vul uw wachtwoord in." }).max(200, "Een wachtwoord is hoogstens 200 tekens lang."),
  code: codeOrRecovery,
});

export const renewSchema = z.object({ code: codeOrRecovery });

/** True when the text looks like a code from the app rather than a recovery code. */
export function isTotpCode(value: string): boolean {
  return /^\d{6}$/.test(value.replace(/[\s-]/g, ""));
}
