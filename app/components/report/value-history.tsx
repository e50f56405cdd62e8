import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { CHANNEL_LABELS } from "~/models/value-history.labels";
import type { HistoryEntry } from "~/models/value-history.server";
import { formatDateTime } from "~/utils/time";

/** One value's history, newest first: a list (not a table), so it reads on a phone as on a desktop. */
export function ValueHistory({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0)
    return (
      <Paragraph>
        Er zijn geen wijzigingen vastgelegd. Wijzigingen van voordat het portaal de geschiedenis van elke waarde bijhield, staan hier niet.
      </Paragraph>
    );
  return (
    <ol className="mvoi-history">
      {entries.map((e) => (
        <li key={e.id} className="mvoi-history__entry">
          <Heading level={2} className="mvoi-history__when">
            {formatDateTime(e.occurredAt)}
          </Heading>
          <Paragraph>
            Door {e.by}
            {e.onBehalfOf ? ` namens ${e.onBehalfOf}` : ""}, via {CHANNEL_LABELS[e.channel]}
            {e.prefilled ? ", overgenomen van vorig jaar" : ""}
            {e.versionNumber ? ` (versie ${e.versionNumber})` : ""}.
          </Paragraph>
          <dl className="mvoi-history__values">
            <dt>Was</dt>
            <dd>
              {e.before}
              {e.explanationBefore ? <span className="mvoi-history__note">Toelichting: {e.explanationBefore}</span> : null}
            </dd>
            <dt>Werd</dt>
            <dd>
              {e.after}
              {e.explanationAfter ? <span className="mvoi-history__note">Toelichting: {e.explanationAfter}</span> : null}
            </dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** A history page: the way back, what the history is of, and the changes. */
export function HistoryPage(props: { back: { href: string; text: string }; title: string; intro: string; entries: HistoryEntry[] }) {
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={props.back.href}>{props.back.text}</Link>
      </Paragraph>
      <Heading level={1}>Geschiedenis: {props.title}</Heading>
      <Paragraph>{props.intro}</Paragraph>
      <ValueHistory entries={props.entries} />
    </div>
  );
}
