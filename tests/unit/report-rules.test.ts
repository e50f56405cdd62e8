import { describe, expect, it } from "vitest";
import {
  checkReportForSubmit,
  parseAnswer,
  reportSectionStates,
  ruleErrors,
  share,
  warningsFor,
  type Answer,
  type IndicatorDef,
} from "~/models/report.rules";
import { headerWithUnit } from "~/models/report.units";

const ind = (over: Partial<IndicatorDef>): IndicatorDef => ({
  id: 1,
  code: "x",
  section: "algemeen",
  label: "X",
  help: null,
  unit: "count",
  min_value: 0,
  max_value: null,
  usual_max: null,
  choices: null,
  part_of_code: null,
  show_share: 0,
  ...over,
});
const v = (n: number): Answer => ({ state: "value", number: n, text: null, explanation: null, prefilled: false });

describe("reading an answer", () => {
  it("keeps unknown and not applicable as states, never as 0", () => {
    for (const state of ["unknown", "not_applicable"]) {
      const { answer } = parseAnswer(ind({}), { state, value: "" });
      expect(answer).toEqual({ state, number: null, text: null, explanation: null, prefilled: false });
      // A number typed beside it is not dropped without a word: the user chooses.
      const both = parseAnswer(ind({}), { state, value: "12" });
      expect(both.answer).toBeNull();
      expect(both.error).toMatch(/^U vulde een antwoord in en koos ook '(Onbekend|Niet van toepassing)'/);
      // A chosen option cannot be unchosen without JavaScript: there the state wins.
      expect(parseAnswer(ind({ unit: "yes_no" }), { state, value: "ja" }).answer?.state).toBe(state);
      expect(parseAnswer(ind({ unit: "step" }), { state, value: "3" }).answer?.state).toBe(state);
    }
    expect(parseAnswer(ind({}), { value: "" }).answer).toBeNull();
  });

  it("reads Dutch numbers and checks unit and bounds", () => {
    expect(parseAnswer(ind({ unit: "eur" }), { value: "1.250.000" }).answer?.number).toBe(1_250_000);
    expect(parseAnswer(ind({ unit: "fte" }), { value: "2,5" }).answer?.number).toBe(2.5);
    expect(parseAnswer(ind({ unit: "count" }), { value: "2,5" }).error).toBe("Vul een heel getal in, zonder komma.");
    expect(parseAnswer(ind({}), { value: "-1" }).error).toBe("Vul 0 of meer in.");
    expect(parseAnswer(ind({ unit: "step", min_value: 1, max_value: 5 }), { value: "6" }).error).toBe("Vul hoogstens 5 in.");
    // The example fits the unit: no decimals for a count or an amount.
    expect(parseAnswer(ind({}), { value: "veel" }).error).toBe("Vul een aantal in, bijvoorbeeld 12.");
    expect(parseAnswer(ind({ unit: "eur" }), { value: "veel" }).error).toBe("Vul een bedrag in hele euro's in, bijvoorbeeld 12.500.");
    expect(parseAnswer(ind({ unit: "fte" }), { value: "veel" }).error).toBe("Vul een getal in, bijvoorbeeld 1.250 of 2,5.");
    expect(parseAnswer(ind({}), { state: "value", value: "" })).toEqual({ answer: null });
    expect(parseAnswer(ind({ unit: "yes_no" }), { value: "misschien" }).error).toBe("Kies een van de mogelijkheden.");
  });
});

describe("rules between questions", () => {
  const tenders = ind({ code: "aanbestedingen_totaal", label: "Aantal aanbestedingen" });
  const klimaat = ind({ code: "klimaat_aanbestedingen", part_of_code: "aanbestedingen_totaal", show_share: 1 });
  it("refuses a part larger than its whole, only when both are values", () => {
    expect(
      ruleErrors(
        [tenders, klimaat],
        new Map([
          ["aanbestedingen_totaal", v(10)],
          ["klimaat_aanbestedingen", v(11)],
        ]),
      ).get("klimaat_aanbestedingen"),
    ).toMatch(/meer dan het totaal/);
    expect(
      ruleErrors(
        [tenders, klimaat],
        new Map([
          ["aanbestedingen_totaal", v(10)],
          ["klimaat_aanbestedingen", v(10)],
        ]),
      ).size,
    ).toBe(0);
    const unknown: Answer = { state: "unknown", number: null, text: null, explanation: null, prefilled: false };
    expect(
      ruleErrors(
        [tenders, klimaat],
        new Map([
          ["aanbestedingen_totaal", unknown],
          ["klimaat_aanbestedingen", v(11)],
        ]),
      ).size,
    ).toBe(0);
  });

  it("derives percentages from counts, never from unknowns", () => {
    expect(share(v(3), v(12))).toBe(25);
    expect(share(v(3), v(0))).toBeNull();
    expect(share(v(3), { state: "not_applicable", number: null, text: null, explanation: null, prefilled: false })).toBeNull();
  });
});

describe("warnings", () => {
  it("warn at more than 50% change against last year and above the usual maximum", () => {
    const i = ind({ usual_max: 1000 });
    expect(warningsFor(i, v(150), v(100))).toEqual([]);
    expect(warningsFor(i, v(151), v(100))).toHaveLength(1);
    expect(warningsFor(i, v(49), v(100))).toHaveLength(1);
    expect(warningsFor(i, v(1001), undefined)).toEqual(["Dit is ongebruikelijk hoog (meer dan 1.000)."]);
    expect(warningsFor(i, v(5), v(0))).toHaveLength(1);
  });

  it("need an explanation before submitting, and pre-filled values need confirming", () => {
    const i = ind({ code: "a" });
    const previous = new Map([["a", v(100)]]);
    const check = (answer: Answer) => checkReportForSubmit({ indicators: [i], answers: new Map([["a", answer]]), previous, progress: [] });
    expect(check(v(300)).map((p) => p.message)).toEqual(["X: licht de afwijking kort toe."]);
    expect(check({ ...v(300), explanation: "Nieuwe grote aanbesteding." })).toEqual([]);
    expect(check({ ...v(100), prefilled: true })[0]!.message).toMatch(/overgenomen van vorig jaar/);
  });
});

describe("the task list", () => {
  const indicators = [ind({ code: "a", section: "algemeen" })];
  const answers = new Map<string, Answer | null>([["a", v(3)]]);
  const states = (progress: { lineage_id: number; title: string; status: "running" | null }[]) =>
    reportSectionStates({ indicators, answers, previous: new Map(), progress });

  it("never calls progress complete without a plan to report on: not applicable", () => {
    expect(states([]).voortgang).toBe("not_applicable");
    // A part of the report without questions this year asks nothing either.
    expect(states([]).circulair).toBe("not_applicable");
    expect(states([]).algemeen).toBe("complete");
  });

  it("calls progress not started, then complete, once the plan has actions", () => {
    expect(states([{ lineage_id: 1, title: "Actie", status: null }]).voortgang).toBe("not_started");
    expect(states([{ lineage_id: 1, title: "Actie", status: "running" }]).voortgang).toBe("complete");
  });
});

describe("a question as a column header", () => {
  it("names its unit once", () => {
    expect(headerWithUnit({ label: "Totaal inkoopvolume", unit: "eur" })).toBe("Totaal inkoopvolume (euro)");
    expect(headerWithUnit({ label: "Waarvan werken (aantal)", unit: "count" })).toBe("Waarvan werken (aantal)");
    expect(headerWithUnit({ label: "Aantal aanbestedingen", unit: "count" })).toBe("Aantal aanbestedingen");
    expect(headerWithUnit({ label: "Is het actieplan vastgesteld?", unit: "choice" })).toBe("Is het actieplan vastgesteld?");
  });
});
