import type { AnswerState, IndicatorSection, IndicatorUnit, ProgressStatus } from "~/database/types";
import type { SectionState } from "~/models/action-plan.labels";
import { THEMES } from "~/models/theme";
import { formatDecimal, formatEuro, formatInteger, parseDutchNumber } from "~/utils/number";

// The rules of a yearly report, shared by the browser and the server: how an answer is read,
// checked against its bounds and against other questions, when it deserves a warning, and what
// a complete report needs. Pure functions, no database.

export type IndicatorDef = {
  id: number;
  code: string;
  section: IndicatorSection;
  label: string;
  help: string | null;
  unit: IndicatorUnit;
  min_value: number | null;
  max_value: number | null;
  usual_max: number | null;
  choices: string | null;
  part_of_code: string | null;
  show_share: number;
};

/** Only the definition of a question (what the form and the rules use), from a catalogue row. */
export function indicatorDef(i: IndicatorDef): IndicatorDef {
  const { id, code, section, label, help, unit, min_value, max_value, usual_max, choices, part_of_code, show_share } = i;
  return { id, code, section, label, help, unit, min_value, max_value, usual_max, choices, part_of_code, show_share };
}

export type Answer = {
  state: AnswerState;
  number: number | null;
  text: string | null;
  explanation: string | null;
  prefilled: boolean;
};

export type ReportSection = IndicatorSection | "voortgang";

export const REPORT_SECTIONS: { key: ReportSection; title: string }[] = [
  { key: "algemeen", title: "Algemeen: inkoopvolume en aanbestedingen" },
  ...THEMES.map((t) => ({ key: t.code, title: t.name })),
  { key: "voortgang", title: "Voortgang van het actieplan" },
  { key: "kwalitatief", title: "Goede voorbeelden en belemmeringen (niet verplicht)" },
];

/** The sections of the joint signatory's grid and spreadsheet: the questions with a value per organisation. */
export const GRID_SECTIONS = REPORT_SECTIONS.filter((s) => s.key !== "voortgang" && s.key !== "kwalitatief");

export const STATE_LABELS: Record<AnswerState, string> = {
  value: "Waarde",
  unknown: "Onbekend",
  not_applicable: "Niet van toepassing",
};

export const PROGRESS_LABELS: Record<ProgressStatus, string> = {
  not_started: "Nog niet begonnen",
  running: "Loopt",
  done: "Afgerond",
  dropped: "Vervallen",
};

export const UNIT_SUFFIX: Record<IndicatorUnit, string> = {
  eur: "euro",
  count: "aantal",
  tonnes_co2: "ton CO₂-equivalent",
  tonnes: "ton",
  fte: "fte",
  people: "personen",
  step: "stap 1-5",
  choice: "",
  yes_no: "",
  text: "",
};

const isNumeric = (unit: IndicatorUnit) => !["choice", "yes_no", "text"].includes(unit);
const isInteger = (unit: IndicatorUnit) => ["eur", "count", "people", "step"].includes(unit);

/** What to type instead, with an example that fits the unit (a count has no decimals). */
const NOT_A_NUMBER: Partial<Record<IndicatorUnit, string>> = {
  eur: "Vul een bedrag in hele euro's in, bijvoorbeeld 12.500.",
  count: "Vul een aantal in, bijvoorbeeld 12.",
  people: "Vul een aantal personen in, bijvoorbeeld 3.",
  step: "Vul een stap van 1 tot en met 5 in.",
};

export function choicesOf(indicator: Pick<IndicatorDef, "unit" | "choices">): { value: string; label: string }[] {
  if (indicator.unit === "yes_no")
    return [
      { value: "ja", label: "Ja" },
      { value: "nee", label: "Nee" },
    ];
  if (indicator.unit !== "choice" || !indicator.choices) return [];
  try {
    const parsed: unknown = JSON.parse(indicator.choices);
    return Array.isArray(parsed) ? (parsed as { value: string; label: string }[]) : [];
  } catch {
    return [];
  }
}

export type RawAnswer = { state?: string | null; value?: string | null; explanation?: string | null };

/**
 * Reads one answer as typed. An empty value without a state is "not answered" (null). The states
 * "unknown" and "not applicable" are kept as such: they never become 0.
 */
export function parseAnswer(indicator: IndicatorDef, raw: RawAnswer): { answer: Answer | null; error?: string } {
  const explanation = raw.explanation?.trim() ? raw.explanation.trim().slice(0, 2000) : null;
  const state = raw.state ?? "";
  const value = (raw.value ?? "").trim();
  if (state === "unknown" || state === "not_applicable") {
    // A number typed beside "Onbekend" would be lost without a word: ask which one is meant. (An
    // option, once chosen, cannot be unchosen without JavaScript: there the state wins.)
    if (value !== "" && isNumeric(indicator.unit) && indicator.unit !== "step") {
      return {
        answer: null,
        error: `U vulde een antwoord in en koos ook '${STATE_LABELS[state]}'. Maak het vak leeg, of kies 'Ik geef het antwoord hierboven'.`,
      };
    }
    return { answer: { state, number: null, text: null, explanation, prefilled: false } };
  }
  if (state !== "" && state !== "value")
    return { answer: null, error: 'Kies "Ik geef het antwoord hierboven", "Onbekend" of "Niet van toepassing".' };
  // Nothing typed: not answered yet (a draft may be incomplete; submitting checks completeness).
  if (value === "") return { answer: null };
  if (indicator.unit === "text") {
    if (value.length > 4000) return { answer: null, error: "Hoogstens 4000 tekens." };
    return { answer: { state: "value", number: null, text: value, explanation, prefilled: false } };
  }
  if (indicator.unit === "choice" || indicator.unit === "yes_no") {
    if (!choicesOf(indicator).some((c) => c.value === value)) return { answer: null, error: "Kies een van de mogelijkheden." };
    return { answer: { state: "value", number: null, text: value, explanation, prefilled: false } };
  }
  const n = parseDutchNumber(value);
  if (n === null) return { answer: null, error: NOT_A_NUMBER[indicator.unit] ?? "Vul een getal in, bijvoorbeeld 1.250 of 2,5." };
  if (isInteger(indicator.unit) && !Number.isInteger(n)) return { answer: null, error: "Vul een heel getal in, zonder komma." };
  if (indicator.min_value != null && n < indicator.min_value) {
    return {
      answer: null,
      error: indicator.min_value === 0 ? "Vul 0 of meer in." : `Vul ${formatDecimal(indicator.min_value)} of meer in.`,
    };
  }
  if (indicator.max_value != null && n > indicator.max_value)
    return { answer: null, error: `Vul hoogstens ${formatDecimal(indicator.max_value)} in.` };
  if (Math.abs(n) > 1e13) return { answer: null, error: "Dit getal is te groot." };
  return { answer: { state: "value", number: n, text: null, explanation, prefilled: false } };
}

/** Rules between questions: a part may not exceed its whole (both must be values to compare). */
export function ruleErrors(indicators: readonly IndicatorDef[], answers: Map<string, Answer | null>): Map<string, string> {
  const errors = new Map<string, string>();
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  for (const indicator of indicators) {
    if (!indicator.part_of_code) continue;
    const part = answers.get(indicator.code);
    const whole = answers.get(indicator.part_of_code);
    if (part?.state === "value" && whole?.state === "value" && part.number! > whole.number!) {
      const wholeLabel = byCode.get(indicator.part_of_code)?.label.toLowerCase() ?? indicator.part_of_code;
      errors.set(indicator.code, `Dit is meer dan het totaal (${wholeLabel}: ${formatValue(byCode.get(indicator.part_of_code)!, whole)}).`);
    }
  }
  return errors;
}

/** Share of a part in its whole, as a percentage; null unless both are values and the whole is not 0. */
export function share(part: Answer | null | undefined, whole: Answer | null | undefined): number | null {
  if (part?.state !== "value" || whole?.state !== "value" || !whole.number) return null;
  return (part.number! / whole.number) * 100;
}

/**
 * Warnings (not errors) that need a short explanation before submitting: a change of more than
 * 50% against last year's accepted value, or a value above the question's usual maximum.
 */
export function warningsFor(indicator: IndicatorDef, answer: Answer | null | undefined, previous: Answer | null | undefined): string[] {
  if (answer?.state !== "value" || answer.number == null || !isNumeric(indicator.unit) || indicator.unit === "step") return [];
  const warnings: string[] = [];
  if (previous?.state === "value" && previous.number != null) {
    const base = previous.number;
    const change = base === 0 ? (answer.number === 0 ? 0 : Infinity) : Math.abs(answer.number - base) / Math.abs(base);
    if (change > 0.5) {
      warnings.push(`Dit wijkt meer dan 50% af van vorig jaar (${formatValue(indicator, previous)}).`);
    }
  }
  if (indicator.usual_max != null && answer.number > indicator.usual_max) {
    warnings.push(`Dit is ongebruikelijk hoog (meer dan ${formatDecimal(indicator.usual_max)}).`);
  }
  return warnings;
}

/** A value that asks for a word of explanation (warningsFor), as the review page's summary lists it. */
export type Deviation = {
  code: string;
  section: ReportSection;
  label: string;
  value: string;
  warnings: string[];
  explanation: string | null;
};

/** Every value of a report with a warning (more than 50% off last year, or unusually high), in the order of the questions. */
export function deviationsOf(
  indicators: readonly IndicatorDef[],
  answers: Readonly<Record<string, Answer | null | undefined>>,
  previous: Readonly<Record<string, Answer | null | undefined>>,
): Deviation[] {
  return indicators.flatMap((indicator) => {
    const answer = answers[indicator.code];
    const warnings = warningsFor(indicator, answer, previous[indicator.code]);
    if (!warnings.length) return [];
    return [
      {
        code: indicator.code,
        section: indicator.section,
        label: indicator.label,
        value: formatValue(indicator, answer),
        warnings,
        explanation: answer?.explanation ?? null,
      },
    ];
  });
}

export function formatValue(indicator: Pick<IndicatorDef, "unit" | "choices">, answer: Answer | null | undefined): string {
  if (!answer) return "niet ingevuld";
  if (answer.state === "unknown") return "onbekend";
  if (answer.state === "not_applicable") return "niet van toepassing";
  if (indicator.unit === "text") return answer.text ?? "";
  if (indicator.unit === "choice" || indicator.unit === "yes_no")
    return choicesOf(indicator).find((c) => c.value === answer.text)?.label ?? answer.text ?? "";
  if (indicator.unit === "eur") return formatEuro(answer.number);
  if (indicator.unit === "count" || indicator.unit === "people" || indicator.unit === "step") return formatInteger(answer.number);
  return `${formatDecimal(answer.number)} ${UNIT_SUFFIX[indicator.unit]}`;
}

/** The value as it goes back into the form's text input. */
export function inputValue(indicator: Pick<IndicatorDef, "unit">, answer: Answer | null | undefined): string {
  if (answer?.state !== "value") return "";
  if (answer.text != null) return answer.text;
  if (answer.number == null) return "";
  return isInteger(indicator.unit) ? formatInteger(answer.number) : formatDecimal(answer.number);
}

export type ReportProblem = { section: ReportSection; code: string; message: string };

/** What a report needs before it can be submitted. Text questions are optional. */
export function checkReportForSubmit(args: {
  indicators: readonly IndicatorDef[];
  answers: Map<string, Answer | null>;
  previous: Map<string, Answer | null>;
  progress: { lineage_id: number; title: string; status: ProgressStatus | null }[];
}): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const rules = ruleErrors(args.indicators, args.answers);
  for (const indicator of args.indicators) {
    const answer = args.answers.get(indicator.code);
    const add = (message: string) =>
      problems.push({ section: indicator.section, code: indicator.code, message: `${indicator.label}: ${message}` });
    if (!answer) {
      if (indicator.unit !== "text") add("vul een waarde in, of kies onbekend of niet van toepassing.");
      continue;
    }
    if (answer.prefilled) add("overgenomen van vorig jaar; controleer de waarde en sla het onderdeel op.");
    const rule = rules.get(indicator.code);
    if (rule) add(rule.charAt(0).toLowerCase() + rule.slice(1));
    if (warningsFor(indicator, answer, args.previous.get(indicator.code)).length && !answer.explanation) {
      add("licht de afwijking kort toe.");
    }
  }
  for (const p of args.progress) {
    if (!p.status) problems.push({ section: "voortgang", code: `actie-${p.lineage_id}`, message: `Actie "${p.title}": kies de stand.` });
  }
  return problems;
}

export type { SectionState };

export function reportSectionStates(args: Parameters<typeof checkReportForSubmit>[0]): Record<ReportSection, SectionState> {
  const problems = checkReportForSubmit(args);
  const started = (section: ReportSection) =>
    section === "voortgang"
      ? args.progress.some((p) => p.status)
      : args.indicators.some((i) => i.section === section && args.answers.get(i.code));
  return Object.fromEntries(
    REPORT_SECTIONS.map(({ key }) => {
      const hasProblems = problems.some((p) => p.section === key);
      const empty = key === "voortgang" ? args.progress.length === 0 : !args.indicators.some((i) => i.section === key);
      // A section that asks nothing (progress without a plan with actions) is never "Compleet".
      if (empty) return [key, "not_applicable"];
      return [key, !hasProblems && started(key) ? "complete" : started(key) ? "in_progress" : "not_started"];
    }),
  ) as Record<ReportSection, SectionState>;
}

// Grid and spreadsheet cells: one text per answer -----------------------------------------------

const UNKNOWN_WORDS = ["onbekend", "?"];
const NOT_APPLICABLE_WORDS = ["nvt", "n.v.t.", "n.v.t", "niet van toepassing"];

/** Reads a grid or spreadsheet cell: a value, "onbekend" or "nvt"; empty means not answered. */
export function parseCell(indicator: IndicatorDef, cell: string): { answer: Answer | null; error?: string } {
  const text = cell.trim();
  const lower = text.toLowerCase();
  if (UNKNOWN_WORDS.includes(lower)) return parseAnswer(indicator, { state: "unknown" });
  if (NOT_APPLICABLE_WORDS.includes(lower)) return parseAnswer(indicator, { state: "not_applicable" });
  const choice = choicesOf(indicator).find((c) => c.value === lower || c.label.toLowerCase() === lower);
  return parseAnswer(indicator, { value: choice ? choice.value : text });
}

/** The text of an answer in a grid or spreadsheet cell (the inverse of parseCell). */
export function cellText(indicator: IndicatorDef, answer: Answer | null | undefined): string {
  if (!answer) return "";
  if (answer.state === "unknown") return "onbekend";
  if (answer.state === "not_applicable") return "nvt";
  return inputValue(indicator, answer);
}
