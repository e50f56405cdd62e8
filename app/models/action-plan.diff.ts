import { ACTION_STATUS_LABELS, periodYears, type PlanAction, type PlanDocument, type PlanSection } from "~/models/action-plan.schema";
import { CRITERIA_LABELS, stepLabel, THEME_NAMES } from "~/models/theme";
import { formatDate } from "~/utils/time";
import { formatDecimal, formatEuro } from "~/utils/number";

export type PlanChange = { section: PlanSection; label: string; before: string; after: string };

const show = (value: string | number | null | undefined) => (value == null || value === "" ? "—" : String(value));

function describeAction(a: PlanAction): string {
  const when = a.plannedYear ? `${a.plannedYear}${a.plannedQuarter ? ` K${a.plannedQuarter}` : ""}` : "geen planning";
  const themes = a.themes.map((t) => THEME_NAMES[t]).join(", ") || "geen thema";
  return `${a.title} (${themes}; eigenaar ${a.owner ?? "—"}; ${when}; ${ACTION_STATUS_LABELS[a.status]})`;
}

/** What changed between two versions of a plan, field by field, in the order of the editor. */
export function diffPlans(before: PlanDocument, after: PlanDocument): PlanChange[] {
  const changes: PlanChange[] = [];
  const compare = (section: PlanSection, label: string, a: string, b: string) => {
    if (a !== b) changes.push({ section, label, before: a, after: b });
  };

  compare("algemeen", "Beginjaar", show(before.periodStartYear), show(after.periodStartYear));
  compare("algemeen", "Eindjaar", show(before.periodEndYear), show(after.periodEndYear));
  const adopted = (d: PlanDocument) =>
    d.adoptedState === "adopted"
      ? `Vastgesteld op ${formatDate(d.adoptedOn)}`
      : d.adoptedState === "not_yet"
        ? "Nog niet vastgesteld"
        : "—";
  compare("algemeen", "Vaststelling door het bestuur", adopted(before), adopted(after));
  compare("algemeen", "Link naar het plan", show(before.publishedUrl), show(after.publishedUrl));
  compare("algemeen", "Pdf van het plan", show(before.file?.name), show(after.file?.name));
  if (before.file && after.file && before.file.name === after.file.name && before.file.sha256 !== after.file.sha256) {
    changes.push({ section: "algemeen", label: "Pdf van het plan", before: "eerdere inhoud", after: "nieuwe inhoud" });
  }

  const years = [...new Set([...periodYears(before), ...periodYears(after)])].sort();
  for (const t of after.themes) {
    const b = before.themes.find((x) => x.theme === t.theme);
    const name = THEME_NAMES[t.theme];
    compare("themas", `${name}: gekozen`, b?.chosen ? "Ja" : "Nee", t.chosen ? "Ja" : "Nee");
    compare(
      "themas",
      `${name}: huidige stap`,
      b?.currentStep ? stepLabel(b.currentStep) : "—",
      t.currentStep ? stepLabel(t.currentStep) : "—",
    );
    compare(
      "themas",
      `${name}: niveau criteria`,
      b?.criteriaLevel ? CRITERIA_LABELS[b.criteriaLevel] : "—",
      t.criteriaLevel ? CRITERIA_LABELS[t.criteriaLevel] : "—",
    );
    compare("themas", `${name}: ambitie`, show(b?.ambition), show(t.ambition));
    for (const y of years) {
      compare(
        "themas",
        `${name}: doelstap ${y}`,
        b?.targets[y] ? stepLabel(b.targets[y]) : "—",
        t.targets[y] ? stepLabel(t.targets[y]) : "—",
      );
    }
  }

  // Actions are matched by position in the list: versions copy actions, so ids differ per version.
  const count = Math.max(before.actions.length, after.actions.length);
  for (let i = 0; i < count; i++) {
    const a = before.actions[i];
    const b = after.actions[i];
    compare("acties", `Actie ${i + 1}`, a ? describeAction(a) : "—", b ? describeAction(b) : "—");
  }

  compare("middelen", "Budget", formatEuro(before.budgetEur), formatEuro(after.budgetEur));
  compare("middelen", "Personele inzet (fte)", formatDecimal(before.staffFte), formatDecimal(after.staffFte));
  return changes;
}
