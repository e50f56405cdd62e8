import { ROLE_LABELS } from "~/auth/permissions";
import type { MembershipRole } from "~/database/types";
import { formatDate } from "~/utils/time";

// The portal's e-mail, in Dutch (B1): plain text plus the same text as simple HTML.

export type MailContent = { subject: string; text: string; html: string };

const SIGNATURE = "Met vriendelijke groet,\nHet MVOI-portaal namens het ministerie van Infrastructuur en Waterstaat";
const FOOTER = "Dit bericht is automatisch verstuurd. U kunt niet op dit bericht antwoorden. Vragen? Mail naar mvoi@pianoo.example.";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

type Block = string | { link: string; label: string } | { quote: string };

/** One message from paragraphs, a button-like link and quotes; the text and HTML say the same. */
function compose(subject: string, greeting: string, blocks: Block[]): MailContent {
  const textParts = [
    greeting,
    ...blocks.map((b) =>
      typeof b === "string"
        ? b
        : "link" in b
          ? `${b.label}:\n${b.link}`
          : b.quote
              .split("\n")
              .map((l) => `> ${l}`)
              .join("\n"),
    ),
    SIGNATURE,
    `--\n${FOOTER}`,
  ];
  const htmlParts = [
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map((b) =>
      typeof b === "string"
        ? `<p>${escapeHtml(b).replace(/\n/g, "<br>")}</p>`
        : "link" in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`
          : `<blockquote style="border-left:4px solid #154273;margin:0;padding:0 1em">${escapeHtml(b.quote).replace(/\n/g, "<br>")}</blockquote>`,
    ),
    `<p>${escapeHtml(SIGNATURE).replace(/\n/g, "<br>")}</p>`,
    `<p style="color:#555;font-size:small">${escapeHtml(FOOTER)}</p>`,
  ];
  const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Verdana,sans-serif;line-height:1.5;max-width:40em">${htmlParts.join("\n")}</body></html>`;
  return { subject, text: textParts.join("\n\n") + "\n", html };
}

export function invitationMail(args: {
  organisationName: string;
  role: MembershipRole;
  invitedBy: string;
  link: string;
  expiresAt: string;
}): MailContent {
  return compose(`Uitnodiging voor het MVOI-portaal (${args.organisationName})`, "Beste collega,", [
    `${args.invitedBy} nodigt u uit voor het MVOI-portaal. In het portaal werkt u aan het actieplan en de jaarlijkse rapportage over maatschappelijk verantwoord opdrachtgeven en inkopen.`,
    `Organisatie: ${args.organisationName}\nRol: ${ROLE_LABELS[args.role]}`,
    { link: args.link, label: "Uitnodiging accepteren" },
    `De link werkt één keer en is geldig tot ${formatDate(args.expiresAt)}. Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren.`,
  ]);
}

export function passwordResetMail(args: { name: string; link: string }): MailContent {
  return compose("Nieuw wachtwoord voor het MVOI-portaal", `Beste ${args.name},`, [
    "U heeft gevraagd om een nieuw wachtwoord voor het MVOI-portaal.",
    { link: args.link, label: "Nieuw wachtwoord instellen" },
    "De link werkt één keer en is 1 uur geldig. Als u een nieuw wachtwoord instelt, wordt u overal uitgelogd.",
    "Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft hetzelfde.",
  ]);
}

export type DocumentKind = "plan" | "report";

function documentName(kind: DocumentKind, year?: number): string {
  return kind === "plan" ? "het MVOI-actieplan" : `de MVOI-rapportage over ${year}`;
}

export function reviewMail(args: {
  kind: DocumentKind;
  decision: "accepted" | "returned";
  organisationName: string;
  year?: number;
  reason?: string;
  /** The questions on single values that are still open, listed in a return. */
  questions?: { about: string; text: string; answered?: boolean }[];
  link: string;
}): MailContent {
  const name = documentName(args.kind, args.year);
  const questions = args.questions ?? [];
  if (args.decision === "accepted") {
    return compose(`Geaccepteerd: ${name} van ${args.organisationName}`, "Beste collega,", [
      `Het ministerie heeft ${name} van ${args.organisationName} geaccepteerd. U hoeft niets meer te doen.`,
      { link: args.link, label: "Bekijken in het portaal" },
    ]);
  }
  return compose(`Teruggestuurd: ${name} van ${args.organisationName}`, "Beste collega,", [
    `Het ministerie heeft ${name} van ${args.organisationName} teruggestuurd. De reden:`,
    { quote: args.reason ?? "" },
    ...(questions.length
      ? [
          questions.length === 1
            ? "Het ministerie heeft een vraag over een waarde:"
            : `Het ministerie heeft ${questions.length} vragen over waarden:`,
          ...questions.map((q) => ({
            quote: `${q.about}${q.answered ? " (al beantwoord: het ministerie leest uw antwoord nog)" : ""}\n${q.text}`,
          })),
          "Beantwoord de vragen in het portaal en pas de waarden aan waar dat nodig is.",
        ]
      : []),
    "Pas het aan en dien het opnieuw in.",
    { link: args.link, label: "Aanpassen in het portaal" },
  ]);
}

export type ReminderKind = "reminder-14" | "reminder-3" | "overdue";
export type PlanReminderKind = "plan-reminder-30" | "plan-reminder-7" | "plan-overdue";

/** The action plan is due a year after signing: 30 and 7 days before, and once when overdue. */
export function planReminderMail(args: {
  kind: PlanReminderKind;
  organisationName: string;
  dueAt: string;
  daysLeft: number;
  link: string;
}): MailContent {
  const due = formatDate(args.dueAt);
  if (args.kind === "plan-overdue") {
    return compose(`Te laat: MVOI-actieplan van ${args.organisationName}`, "Beste collega,", [
      `De uiterste datum voor het MVOI-actieplan van ${args.organisationName} was ${due}, een jaar na de ondertekening van het manifest. Wij hebben het actieplan nog niet ontvangen.`,
      "U kunt het actieplan nog steeds indienen.",
      { link: args.link, label: "Naar het actieplan" },
      "Heeft u meer tijd nodig? Neem contact op met PIANOo.",
    ]);
  }
  const when = args.daysLeft === 0 ? "Vandaag" : `Over ${args.daysLeft} ${args.daysLeft === 1 ? "dag" : "dagen"}, op ${due},`;
  return compose(`Herinnering: MVOI-actieplan van ${args.organisationName} uiterlijk ${due}`, "Beste collega,", [
    `${when} moet het MVOI-actieplan van ${args.organisationName} zijn ingediend: een jaar na de ondertekening van het manifest. Wij hebben het nog niet ontvangen.`,
    { link: args.link, label: "Naar het actieplan" },
    "Heeft u het actieplan al ingediend? Dan kunt u dit bericht negeren.",
  ]);
}

export function reminderMail(args: {
  kind: ReminderKind;
  organisationName: string;
  year: number;
  dueAt: string;
  link: string;
}): MailContent {
  const due = formatDate(args.dueAt);
  if (args.kind === "overdue") {
    return compose(`Te laat: MVOI-rapportage ${args.year} van ${args.organisationName}`, "Beste collega,", [
      `De uiterste datum voor de MVOI-rapportage over ${args.year} van ${args.organisationName} was ${due}. Wij hebben de rapportage nog niet ontvangen.`,
      "U kunt de rapportage nog steeds indienen. Wij zien dan dat hij te laat is.",
      { link: args.link, label: "Naar de rapportage" },
      "Heeft u meer tijd nodig? Neem contact op met PIANOo.",
    ]);
  }
  const days = args.kind === "reminder-14" ? "14 dagen" : "3 dagen";
  return compose(`Herinnering: MVOI-rapportage ${args.year} van ${args.organisationName} uiterlijk ${due}`, "Beste collega,", [
    `Over ${days}, op ${due}, moet de MVOI-rapportage over ${args.year} van ${args.organisationName} zijn ingediend. Wij hebben hem nog niet ontvangen.`,
    { link: args.link, label: "Naar de rapportage" },
    "Heeft u de rapportage al ingediend? Dan kunt u dit bericht negeren.",
  ]);
}
