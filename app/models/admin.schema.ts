import { isoDate, z } from "~/utils/zod";
import { KINDS, SECTORS } from "~/models/organisation.schema";

// One schema per administration form, used by the browser (Conform) and the server alike.

const optionalIsoDate = (label: string) => isoDate(label).optional();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Invisible and control characters have no place in a name. */
const plainText = (label: string, max: number) =>
  z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .min(2, { error: `Vul ${label} in.` })
    .max(max, { error: `Hoogstens ${max} tekens.` })
    // eslint-disable-next-line no-control-regex -- control and invisible characters are what this refuses
    .refine((v) => !/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(v) && !LONE_SURROGATE.test(v), {
      error: `${label[0]!.toUpperCase()}${label.slice(1)} bevat tekens die niet zijn toegestaan.`,
    });

export const organisationSchema = z.object({
  name: plainText("de naam", 200),
  kind: z.enum(KINDS, { error: "Kies het soort organisatie." }),
  sector: z.enum(SECTORS, { error: "Kies de sector." }),
  signedViaId: z.number({ error: "Kies een organisatie uit de lijst." }).int().positive().optional(),
  signedAt: optionalIsoDate("de datum van ondertekening"),
  sourceUrl: z
    .url({ protocol: /^https?$/, error: "Vul een webadres in dat begint met https:// of http://." })
    .max(500, { error: "Hoogstens 500 tekens." })
    .optional(),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

export const organisationSearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  status: z.enum(["actief", "inactief", "alle"]).optional().catch(undefined),
});

const email = z
  .string({ error: "Vul een e-mailadres in." })
  .trim()
  .max(254, { error: "Een e-mailadres is hoogstens 254 tekens." })
  .pipe(z.email({ error: "Vul een geldig e-mailadres in, zoals naam@organisatie.nl." }));

export const ASSIGNABLE_ROLES = ["editor", "viewer", "reviewer", "admin"] as const;

export const invitationSchema = z.object({
  email,
  organisationId: z.number({ error: "Kies een organisatie." }).int().positive({ error: "Kies een organisatie." }),
  role: z.enum(ASSIGNABLE_ROLES, { error: "Kies een rol." }),
});

export const PASSWORD_MIN = 12;

const newPassword = z
  .string({ error: `Kies een wachtwoord van minstens ${PASSWORD_MIN} tekens.` })
  .min(PASSWORD_MIN, { error: `Kies een wachtwoord van minstens ${PASSWORD_MIN} tekens.` })
  .max(200, { error: "Hoogstens 200 tekens." })
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((v) => !LONE_SURROGATE.test(v) && !/[\u0000-\u001f\u007f]/.test(v), {
    error: "Het wachtwoord bevat tekens die niet zijn toegestaan.",
  });

const confirmation = z.string({ error: "Herhaal het wachtwoord." });

function passwordsMatch(v: { password?: string; passwordRepeat?: string }, ctx: z.RefinementCtx) {
  if (v.password !== undefined && v.passwordRepeat !== v.password) {
    ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De twee wachtwoorden zijn niet hetzelfde." });
  }
}

/** Accepting an invitation without an account: name and a new password (typed twice). */
export const acceptNewAccountSchema = z
  .object({ name: plainText("uw naam", 120), password: newPassword, passwordRepeat: confirmation })
  .superRefine(passwordsMatch, { when: () => true });

/** Accepting with an existing account: its password. */
export const acceptExistingAccountSchema = z.object({
  password: z.string({ error: "Vul het wachtwoord van uw account in." }).max(200, { error: "Hoogstens 200 tekens." }),
});

export const forgotPasswordSchema = z.object({
  email,
});

export const resetPasswordSchema = z
  .object({ password: newPassword, passwordRepeat: confirmation })
  .superRefine(passwordsMatch, { when: () => true });

export const membershipRoleSchema = z.object({
  membershipId: z.number({ error: "Onbekende koppeling." }).int().positive(),
  role: z.enum(ASSIGNABLE_ROLES, { error: "Kies een rol." }),
});

export const deadlineSchema = z.object({ opensAt: isoDate("de openingsdatum"), dueAt: isoDate("de uiterste inleverdatum") }).superRefine(
  (v, ctx) => {
    if (v.dueAt <= v.opensAt)
      ctx.addIssue({ code: "custom", path: ["dueAt"], message: "De uiterste inleverdatum ligt na de openingsdatum." });
  },
  { when: () => true },
);

export const extensionSchema = z.object({
  organisationId: z.number({ error: "Kies een organisatie." }).int().positive({ error: "Kies een organisatie." }),
  dueAt: isoDate("de nieuwe uiterste datum"),
  reason: plainText("de reden", 500),
});

export const AUDIT_PAGE_SIZE = 50;

/** An invitation link works for this many days. */
export const INVITATION_DAYS = 7;
/** A message that fails is tried again on later runs, up to this many times in all. */
export const MAX_MAIL_ATTEMPTS = 10;
/**
 * The columns the organisation import reads, with the Dutch heading a file gives them. The English
 * names of the public list of signatories (db/signatories.csv) are read too.
 */
export const IMPORT_HEADINGS = {
  name: "naam",
  kind: "soort",
  sector: "sector",
  signed_via: "getekend via",
  source: "bron",
  signed_at: "datum van ondertekening",
} as const;
export type ImportColumn = keyof typeof IMPORT_HEADINGS;
/** The columns a file must have. */
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ["name", "kind", "sector"];

/** The audit trail's search form (a GET form: bad values fall back to "no filter"). */
/** A day on the calendar in the years the portal can have events (the search works out Dutch midnight for it). */
const auditDate = isoDate("de datum").refine((v) => v >= "1900-01-01" && v <= "2999-12-31");

/** The id of a report or question in the audit search; "" (the select's "all") is no filter. */
const auditId = (what: "rapportage" | "vraag") => {
  const error = `Kies een ${what} uit de lijst. Er is niet op deze ${what} gezocht.`;
  return z.coerce.number({ error }).int({ error }).positive({ error }).max(Number.MAX_SAFE_INTEGER, { error });
};

export const auditSearchSchema = z.object({
  organisatie: z.coerce.number().int().positive().optional().catch(undefined),
  gebruiker: z.string().trim().max(254).optional().catch(undefined),
  handeling: z.string().trim().max(100).optional().catch(undefined),
  // A date that is not on the calendar (2024-02-30, 0000-00-00) is left out of the search; the
  // page says so next to the field (auditDateErrors).
  van: auditDate.optional().catch(undefined),
  tot: auditDate.optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  // A report (its id: the page's select, or a link from another page) and a question (an
  // indicator's id). One that cannot be read is left out of the search; the page says so (auditIdErrors).
  rapportage: auditId("rapportage").optional().catch(undefined),
  vraag: auditId("vraag").optional().catch(undefined),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

/** Dutch messages for a report or question filter that was given but is not an id (the search leaves it out). */
export function auditIdErrors(params: URLSearchParams): { rapportage?: string; vraag?: string } {
  const errorOf = (name: "rapportage" | "vraag") => {
    const raw = params.get(name);
    if (!raw) return undefined;
    const parsed = auditId(name).safeParse(raw);
    return parsed.success ? undefined : parsed.error.issues[0]?.message;
  };
  return { rapportage: errorOf("rapportage"), vraag: errorOf("vraag") };
}

/** Dutch messages for date filters that were given but could not be used. */
export function auditDateErrors(params: URLSearchParams, filters: AuditSearch): { van?: string; tot?: string } {
  const message = "Deze datum bestaat niet. Kies een datum in de kalender; er is nu niet op gezocht.";
  return {
    van: params.get("van") && !filters.van ? message : undefined,
    tot: params.get("tot") && !filters.tot ? message : undefined,
  };
}
