import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import type { AnswerChange } from "~/models/report-view.server";
import { formatDateTime } from "~/utils/time";

/**
 * A report version against its previous submitted version: how many values changed and, per
 * question, the value before and after with who entered it and when; the changed questions only,
 * or every question (`allHref` and `changedHref` switch, in the URL so it works without JavaScript).
 */
export function VersionChanges({
  changes,
  number,
  showAll,
  allHref,
  changedHref,
}: {
  changes: { previousNumber: number; changed: number; rows: AnswerChange[] };
  number: number;
  showAll: boolean;
  allHref: string;
  changedHref: string;
}) {
  const rows = showAll ? changes.rows : changes.rows.filter((r) => r.changed);
  return (
    <section aria-labelledby="wijzigingen-titel" id="wijzigingen">
      <Heading level={2} id="wijzigingen-titel">
        Gewijzigd sinds versie {changes.previousNumber}
      </Heading>
      <Paragraph>
        {changes.changed === 0
          ? `In versie ${number} is geen waarde anders dan in versie ${changes.previousNumber}.`
          : `In versie ${number} ${changes.changed === 1 ? "is 1 waarde" : `zijn ${changes.changed} waarden`} anders dan in versie ${changes.previousNumber}.`}{" "}
        {showAll ? <Link to={changedHref}>Toon alleen de gewijzigde vragen</Link> : <Link to={allHref}>Toon alle vragen</Link>}
      </Paragraph>
      {rows.length ? (
        <Table
          stacked
          captionHidden
          caption={`${showAll ? "Alle vragen" : "De gewijzigde vragen"}: versie ${changes.previousNumber} en versie ${number}`}
          head={
            <Tr>
              <Th>Vraag</Th>
              <Th>Versie {changes.previousNumber}</Th>
              <Th>Versie {number}</Th>
              <Th>Ingevuld door</Th>
            </Tr>
          }
        >
          {rows.map((r) => (
            <Tr key={r.code} testId={`wijziging-${r.code}`}>
              <Th scope="row">
                {r.label}
                {showAll && r.changed ? <strong> (gewijzigd)</strong> : null}
              </Th>
              <Td label={`Versie ${changes.previousNumber}`}>{r.before}</Td>
              <Td label={`Versie ${number}`}>{r.after}</Td>
              <Td label="Ingevuld door">{r.at ? `${r.by ?? "onbekend"}, ${formatDateTime(r.at)}` : "—"}</Td>
            </Tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
