import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import type { ProgressStatus } from "~/database/types";
import { formatValue, PROGRESS_LABELS, REPORT_SECTIONS, share, type Answer, type IndicatorDef } from "~/models/report.rules";
import { stepLabel, THEME_NAMES } from "~/models/theme";
import type { ThemeCode } from "~/database/types";
import { formatDateTime } from "~/utils/time";

const pct = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

type ViewAnswer = Answer & { entered_by_name?: string | null; entered_at?: string };

/** A whole report, read-only, per section; shares computed from the answers. */
export function ReportView({
  indicators,
  answers,
  previous,
  progress,
  targets,
  year,
  editHref,
  historyHref,
  askHref,
  openQuestions,
}: {
  indicators: readonly IndicatorDef[];
  answers: Record<string, ViewAnswer>;
  previous: Record<string, Answer>;
  progress: { lineage_id: number; title: string; status: ProgressStatus | null; note: string | null }[];
  targets: { theme: string; year: number; target_step: number }[];
  year: number;
  editHref?: (section: string) => string;
  /** Where a question's history is: the link "Geschiedenis" next to who entered it. */
  historyHref?: string;
  /** The reviewer's link "Vraag stellen" next to each value ("answer:<code>", "action:<lineage>"). */
  askHref?: (about: string) => string;
  /** The values with a question that is not closed: marked, with a link to the questions. */
  openQuestions?: ReadonlySet<string>;
}) {
  const marks = (about: string, label: string) => (
    <>
      {openQuestions?.has(about) ? (
        <>
          {" · "}
          <a className="nl-link" href="#vragen">
            Vraag open<span className="rhc-visually-hidden"> over {label}</span>
          </a>
        </>
      ) : null}
      {askHref ? (
        <>
          {" · "}
          <a className="nl-link" href={askHref(about)}>
            Vraag stellen<span className="rhc-visually-hidden"> over {label}</span>
          </a>
        </>
      ) : null}
    </>
  );
  return (
    <div>
      {REPORT_SECTIONS.map((section) => {
        const heading = (
          <div className="mvoi-section-heading" key={`h-${section.key}`}>
            <Heading level={2}>{section.title}</Heading>
            {editHref ? (
              <a className="nl-link" href={editHref(section.key)}>
                Wijzigen<span className="rhc-visually-hidden"> ({section.title.toLowerCase()})</span>
              </a>
            ) : null}
          </div>
        );
        if (section.key === "voortgang") {
          return (
            <div key={section.key}>
              {heading}
              {progress.length === 0 ? (
                <Paragraph>Er is geen ingediend of geaccepteerd actieplan met acties.</Paragraph>
              ) : (
                <Table
                  captionHidden
                  caption={`Stand van de acties uit het actieplan in ${year}`}
                  head={
                    <Tr>
                      <Th>Actie</Th>
                      <Th>Stand</Th>
                      <Th>Toelichting</Th>
                    </Tr>
                  }
                >
                  {progress.map((p) => (
                    <Tr key={p.lineage_id} id={`actie-${p.lineage_id}`}>
                      <Td>{p.title}</Td>
                      <Td>
                        {p.status ? PROGRESS_LABELS[p.status] : "niet ingevuld"}
                        {historyHref ? (
                          <>
                            {" · "}
                            <Link to={`${historyHref}/actie/${p.lineage_id}`} aria-label={`Geschiedenis van ${p.title}`}>
                              Geschiedenis
                            </Link>
                          </>
                        ) : null}
                        {marks(`action:${p.lineage_id}`, p.title)}
                      </Td>
                      <Td>{p.note ?? "—"}</Td>
                    </Tr>
                  ))}
                </Table>
              )}
            </div>
          );
        }
        const rows = indicators.filter((i) => i.section === section.key);
        const target = targets.find((t) => t.theme === section.key && t.year === year);
        return (
          <div key={section.key}>
            {heading}
            {target ? (
              <Paragraph>
                Doelstap volgens het actieplan voor {year}: <strong>{stepLabel(target.target_step)}</strong>. Bereikt:{" "}
                <strong>{formatValue({ unit: "step", choices: null }, answers[`${rows[0]?.code.split("_")[0]}_stap`])}</strong>.
              </Paragraph>
            ) : null}
            <Table
              captionHidden
              caption={`Antwoorden: ${THEME_NAMES[section.key as ThemeCode] ?? section.title}`}
              head={
                <Tr>
                  <Th>Vraag</Th>
                  <Th>Antwoord</Th>
                  <Th>Vorig jaar</Th>
                  <Th>Ingevuld door</Th>
                </Tr>
              }
            >
              {rows.map((i) => {
                const a = answers[i.code];
                const s = i.show_share && i.part_of_code ? share(a, answers[i.part_of_code]) : null;
                return (
                  <Tr key={i.code} id={`vraag-${i.code}`}>
                    <Td>{i.label}</Td>
                    <Td>
                      {formatValue(i, a)}
                      {s != null ? ` (${pct.format(s)}%)` : ""}
                      {a?.explanation ? <span className="mvoi-muted"> · Toelichting: {a.explanation}</span> : null}
                      {a?.prefilled ? <span className="mvoi-muted"> · overgenomen, nog niet bevestigd</span> : null}
                    </Td>
                    <Td>{i.unit === "text" ? "—" : formatValue(i, previous[i.code])}</Td>
                    <Td>
                      {a?.entered_at ? `${a.entered_by_name ?? "onbekend"}, ${formatDateTime(a.entered_at)}` : "—"}
                      {historyHref ? (
                        <>
                          {" · "}
                          <Link to={`${historyHref}/${i.code}`} aria-label={`Geschiedenis van ${i.label}`}>
                            Geschiedenis
                          </Link>
                        </>
                      ) : null}
                      {marks(`answer:${i.code}`, i.label)}
                    </Td>
                  </Tr>
                );
              })}
            </Table>
          </div>
        );
      })}
    </div>
  );
}
