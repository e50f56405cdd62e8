import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { CHANNEL_LABELS } from "~/models/value-history.labels";
import type { HistoryEntry } from "~/models/value-history.server";
import type { ReviewQuestion } from "~/models/review-question.server";
import { QuestionAndAnswer } from "~/components/document/review-questions";
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

/** The ministry's questions on one value, with the answers: they belong to the value's history. */
function QuestionsOnValue({ questions, showFollowUp }: { questions: ReviewQuestion[]; showFollowUp: boolean }) {
  return (
    <section aria-labelledby="vragen-over-waarde">
      <Heading level={2} id="vragen-over-waarde">
        Vragen van het ministerie over deze waarde
      </Heading>
      <ol className="mvoi-history">
        {questions.map((q) => (
          <li key={q.id} className="mvoi-history__entry">
            <dl className="mvoi-history__values">
              <QuestionAndAnswer question={q} askedNote={q.followUp && showFollowUp ? ", gemarkeerd voor opvolging" : ""} />
              <dt>Afgesloten</dt>
              <dd>{q.closedAt ? `Ja, door ${q.closedBy}, ${formatDateTime(q.closedAt)}` : "Nee"}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A history page: the way back, what the history is of, the ministry's questions on it, and the changes. */
export function HistoryPage(props: {
  back: { href: string; text: string };
  title: string;
  intro: string;
  entries: HistoryEntry[];
  questions?: ReviewQuestion[];
  /** The ministry sees its own follow-up marks; the organisation does not. */
  showFollowUp?: boolean;
}) {
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to={props.back.href}>{props.back.text}</Link>
      </Paragraph>
      <Heading level={1}>Geschiedenis: {props.title}</Heading>
      <Paragraph>{props.intro}</Paragraph>
      {props.questions?.length ? <QuestionsOnValue questions={props.questions} showFollowUp={props.showFollowUp ?? false} /> : null}
      {props.questions?.length ? (
        <Heading level={2} id="wijzigingen-van-waarde">
          Wijzigingen
        </Heading>
      ) : null}
      <ValueHistory entries={props.entries} />
    </div>
  );
}
