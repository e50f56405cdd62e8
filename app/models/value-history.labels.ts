import type { Channel } from "~/database/types";

// Dutch words for the values' history (value_change): the ways a change came in and the fields it
// names. Shared by the history pages and the audit trail; no server-only imports.

export const CHANNEL_LABELS: Record<Channel, string> = {
  form: "het formulier",
  grid: "het invulraster",
  upload: "een Excel-bestand",
  import: "een importbestand",
  script: "een beheerscript",
};

/** A field of a plan, plan theme, plan action, report progress or organisation record, in plain Dutch. */
export const FIELD_LABELS: Record<string, string> = {
  // plan
  period_start_year: "Beginjaar",
  period_end_year: "Eindjaar",
  adopted_state: "Vastgesteld door het bestuur",
  adopted_on: "Datum van vaststelling",
  published_url: "Link naar het gepubliceerde plan",
  file_name: "Bestand van het plan",
  file_sha256: "Inhoud van het bestand",
  budget_eur: "Budget",
  staff_fte: "Personele inzet (fte)",
  // theme
  chosen: "Gekozen",
  current_step: "Huidige stap",
  criteria_level: "Niveau van de criteria",
  ambition: "Ambitie",
  // action
  title: "Titel",
  themes: "Thema's",
  owner: "Eigenaar",
  planned_year: "Gepland jaar",
  planned_quarter: "Gepland kwartaal",
  status: "Stand",
  position: "Plaats in de lijst",
  // report progress
  stand: "Stand",
  toelichting: "Toelichting",
  // answer
  antwoord: "Antwoord",
  // organisation
  name: "Naam",
  kind: "Soort organisatie",
  sector: "Sector",
  signed_via_id: "Getekend via",
  signed_at: "Datum van ondertekening",
  source_url: "Bron",
  active: "Actief",
  // catalogue question
  label: "Vraag",
  help: "Uitleg",
  min_value: "Kleinste waarde",
  max_value: "Grootste waarde",
  usual_max: "Gebruikelijke bovengrens",
  choices: "Keuzes",
  retired: "Vervallen",
  continues_from_id: "Bouwt voort op",
  section: "Onderdeel",
  unit: "Soort antwoord",
};

/** "target_2025" is the target step for 2025. */
export function fieldLabel(field: string): string {
  const target = /^target_(\d{4})$/.exec(field);
  if (target) return `Doelstap ${target[1]}`;
  return FIELD_LABELS[field] ?? "Ander gegeven";
}
