// The audit trail's actions in plain Dutch (B1), without server code: the audit page shows these,
// never the codes the database keeps. recordAuditEvent (audit.server.ts) takes only a code of this
// list, and tests/integration/admin/audit-dutch.test.ts fails when the code writes one that is not
// here. A code found in old data that is no longer listed reads as AUDIT_ACTION_FALLBACK.

export const AUDIT_ACTIONS = {
  // Logging in and out
  "login.success": "Ingelogd",
  "login.failure": "Inloggen mislukt",
  "login.password_ok": "Wachtwoord goed, tweede stap gevraagd",
  "login.lockout": "Account tijdelijk geblokkeerd na te veel pogingen",
  "login.throttled": "Inloggen geweigerd: te veel pogingen",
  "session.mfa_required": "Tweede stap van inloggen nodig",
  logout: "Uitgelogd",
  "password_reset.requested": "Nieuw wachtwoord aangevraagd",
  "password_reset.completed": "Nieuw wachtwoord ingesteld",
  "password_reset.throttled": "Nieuw wachtwoord geweigerd: te vaak aangevraagd",
  "mfa.enabled": "Inloggen met een app aangezet",
  "mfa.disabled": "Inloggen met een app uitgezet",
  "mfa.failure": "Verkeerde code bij inloggen met een app",
  "mfa.recovery_code_used": "Herstelcode gebruikt",
  "mfa.recovery_codes_renewed": "Nieuwe herstelcodes gemaakt",
  "mfa.reset_by_admin": "Inloggen met een app teruggezet door beheerder",
  // Working for an organisation
  "acting_for.chosen": "Organisatie gekozen om namens te werken",
  // The action plan
  "action_plan.started": "Actieplan begonnen",
  "action_plan.saved": "Actieplan opgeslagen",
  "action_plan.action_added": "Actie toegevoegd aan het actieplan",
  "action_plan.action_changed": "Actie in het actieplan gewijzigd",
  "action_plan.action_moved": "Volgorde van de acties gewijzigd",
  "action_plan.action_removed": "Actie weggehaald uit het actieplan",
  "action_plan.file_uploaded": "Bestand van het actieplan toegevoegd",
  "action_plan.file_removed": "Bestand van het actieplan weggehaald",
  "action_plan.submitted": "Actieplan ingediend",
  "action_plan.accepted": "Actieplan geaccepteerd",
  "action_plan.returned": "Actieplan teruggestuurd",
  "action_plan.reopened": "Actieplan heropend",
  "action_plan.revised": "Nieuwe versie van het actieplan begonnen",
  "action_plan.question_asked": "Vraag gesteld over een onderdeel van het actieplan",
  "action_plan.question_answered": "Vraag over het actieplan beantwoord",
  "action_plan.question_closed": "Vraag over het actieplan afgesloten",
  // The yearly report
  "report.started": "Rapportage begonnen",
  "report.saved": "Rapportage opgeslagen",
  "report.prefilled": "Antwoorden van vorig jaar overgenomen",
  "report.submitted": "Rapportage ingediend",
  "report.accepted": "Rapportage geaccepteerd",
  "report.returned": "Rapportage teruggestuurd",
  "report.revised": "Nieuwe versie van de rapportage begonnen",
  "report.reopened": "Rapportage heropend",
  "report.question_asked": "Vraag gesteld over een waarde in de rapportage",
  "report.question_answered": "Vraag over de rapportage beantwoord",
  "report.question_closed": "Vraag over de rapportage afgesloten",
  // Downloads
  "export.downloaded": "Bestand gedownload",
  // Administration
  "organisation.created": "Organisatie toegevoegd",
  "organisation.updated": "Gegevens van organisatie gewijzigd",
  "organisation.activated": "Organisatie weer actief gemaakt",
  "organisation.deactivated": "Organisatie op non-actief gezet",
  "organisation.imported": "Lijst van organisaties ingelezen",
  "invitation.created": "Uitnodiging verstuurd",
  "invitation.accepted": "Uitnodiging aangenomen",
  "invitation.revoked": "Uitnodiging ingetrokken",
  "membership.role_changed": "Rol van gebruiker gewijzigd",
  "membership.removed": "Gebruiker weggehaald bij organisatie",
  "user.activated": "Gebruiker weer actief gemaakt",
  "user.deactivated": "Gebruiker op non-actief gezet",
  "user.admin_created_by_script": "Beheerder aangemaakt op de server",
  "reporting_year.created": "Rapportagejaar toegevoegd",
  "reporting_year.dates_changed": "Datums van rapportagejaar gewijzigd",
  "reporting_year.extension_granted": "Uitstel verleend",
  "reporting_year.extension_removed": "Uitstel ingetrokken",
  // The questionnaire (catalogue)
  "catalogue.copied": "Vragenlijst overgenomen voor een nieuw jaar",
  "catalogue.indicator_changed": "Koppeling met een vraag van vorig jaar gewijzigd",
  "catalogue.indicator_revised": "Vraag gewijzigd, nieuwe versie",
  "catalogue.indicator_added": "Vraag toegevoegd",
  "catalogue.indicator_retired": "Vraag vervallen",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** What the trail says for an action it does not know (a code from old data). */
export const AUDIT_ACTION_FALLBACK = "Andere handeling";

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, code);
}

/** The Dutch label of an action code; never the code itself. */
export function auditActionLabel(code: string): string {
  return isAuditAction(code) ? AUDIT_ACTIONS[code] : AUDIT_ACTION_FALLBACK;
}
