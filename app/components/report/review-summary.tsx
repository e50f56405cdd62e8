import type { ReactNode } from "react";
import { Lateness } from "~/components/document/lateness";
import { DataList } from "~/components/ui/data-list";
import { Heading, Paragraph } from "~/components/ui/typography";
import { REPORT_SECTIONS, type Deviation } from "~/models/report.rules";
import { formatDate } from "~/utils/time";

/**
 * What a reviewer reads first on a report: the version's status line, whether it came in on time (the
 * organisation's own due date, an extension included), and every value that differs more than
 * half from last year or is unusually high, with the organisation's explanation; and a link
 * straight to the decision.
 */
export function ReviewSummary({
  children,
  due,
  extended,
  late,
  submitted,
  deviations,
  decisionHref,
  decisionText,
  changes = null,
  questions = null,
}: {
  /** The version's status line. */
  children: ReactNode;
  due: string | null;
  extended: boolean;
  late: boolean;
  submitted: boolean;
  deviations: Deviation[];
  decisionHref: string | null;
  decisionText: string;
  /** How many values changed since the previous submitted version (null for a first version). */
  changes?: { previousNumber: number; changed: number } | null;
  /** The state of the reviewer's questions on values, in words (null when none was asked). */
  questions?: string | null;
}) {
  const sectionTitle = (key: string) => REPORT_SECTIONS.find((s) => s.key === key)?.title.split(":")[0] ?? key;
  return (
    <section aria-labelledby="samenvatting" className="mvoi-review-summary">
      <Heading level={2} id="samenvatting">
        Samenvatting
      </Heading>
      {children}
      {decisionHref ? (
        <Paragraph>
          <a className="nl-link" href={decisionHref}>
            {decisionText}
          </a>
        </Paragraph>
      ) : null}
      <DataList
        items={[
          {
            key: "Termijn",
            value: due ? (
              <>
                uiterlijk {formatDate(due)}
                {extended ? " (na uitstel)" : ""}
                {late ? <Lateness late submitted={submitted} /> : submitted ? ", op tijd ingediend" : ""}
              </>
            ) : (
              "onbekend"
            ),
          },
          ...(changes
            ? [
                {
                  key: `Sinds versie ${changes.previousNumber}`,
                  value: (
                    <a className="nl-link" href="#wijzigingen">
                      {changes.changed === 1 ? "1 waarde gewijzigd" : `${changes.changed} waarden gewijzigd`}
                    </a>
                  ),
                },
              ]
            : []),
          ...(questions
            ? [
                {
                  key: "Vragen",
                  value: (
                    <a className="nl-link" href="#vragen">
                      {questions}
                    </a>
                  ),
                },
              ]
            : []),
          {
            key: "Afwijkingen",
            value:
              deviations.length === 0
                ? "Geen waarden die meer dan de helft afwijken van vorig jaar of ongebruikelijk hoog zijn."
                : `${deviations.length} ${deviations.length === 1 ? "waarde vraagt" : "waarden vragen"} aandacht (hieronder).`,
          },
        ]}
      />
      {deviations.length ? (
        <ul className="utrecht-unordered-list mvoi-deviations">
          {deviations.map((d) => (
            <li className="utrecht-unordered-list__item" key={d.code}>
              <a className="nl-link" href={`#vraag-${d.code}`}>
                {d.label}
              </a>{" "}
              <span className="mvoi-muted">({sectionTitle(d.section)})</span>: {d.value}. {d.warnings.join(" ")}
              <br />
              {d.explanation ? <>Toelichting: “{d.explanation}”</> : <strong>Geen toelichting gegeven.</strong>}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
