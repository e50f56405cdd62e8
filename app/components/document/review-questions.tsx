import { Form } from "react-router";
import { PlainCheckbox, PlainTextarea, Shell } from "~/components/forms/plain-fields";
import { useRestored } from "~/components/forms/restored-input";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { formatDateTime } from "~/utils/time";

/** A question on one value as both sides see it (report-view.server.ts, plan-view). */
export type QuestionItemView = {
  id: number;
  about: string;
  text: string;
  followUp: boolean;
  versionNumber: number;
  askedBy: string;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredFor: string | null;
  answeredAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
  state: "open" | "answered" | "closed";
  before: string;
  after: string;
  shownNumber: number;
  /** Where the value is on this page or where it is changed. */
  href?: string;
};

/**
 * A question's and its answer's rows of a description list: the text, who asked it when and at
 * which version (`askedNote` adds to that line), and the answer with who gave it on behalf of whom.
 */
export function QuestionAndAnswer({
  question: q,
  askedNote = "",
}: {
  question: Pick<
    QuestionItemView,
    "text" | "askedBy" | "askedAt" | "versionNumber" | "answer" | "answeredBy" | "answeredFor" | "answeredAt"
  >;
  askedNote?: string;
}) {
  return (
    <>
      <dt>Vraag</dt>
      <dd>
        {q.text}
        <span className="mvoi-history__note">
          {q.askedBy}, {formatDateTime(q.askedAt)}, bij versie {q.versionNumber}
          {askedNote}
        </span>
      </dd>
      <dt>Antwoord</dt>
      <dd>
        {q.answer ?? "Nog niet beantwoord."}
        {q.answer ? (
          <span className="mvoi-history__note">
            {q.answeredBy} namens {q.answeredFor}
            {q.answeredAt ? `, ${formatDateTime(q.answeredAt)}` : ""}
          </span>
        ) : null}
      </dd>
    </>
  );
}

const STATE_WORDS = { open: "Wacht op antwoord", answered: "Beantwoord", closed: "Afgesloten" } as const;
const STATE_TAGS = { open: "mvoi-tag--returned", answered: "mvoi-tag--submitted", closed: "mvoi-tag--accepted" } as const;

/**
 * Where the questions stand, in words, for the one who acts next: for the ministry how many are
 * not closed (of which answered), for the organisation how many wait for its answer. Null when
 * nothing waits.
 */
export function openQuestionsText(questions: readonly { state: string }[], mode: "ministry" | "organisation"): string | null {
  const unanswered = questions.filter((q) => q.state === "open").length;
  const answered = questions.filter((q) => q.state === "answered").length;
  if (mode === "organisation") {
    if (unanswered === 0) return null;
    return unanswered === 1 ? "1 vraag wacht op uw antwoord" : `${unanswered} vragen wachten op uw antwoord`;
  }
  const open = unanswered + answered;
  if (open === 0) return null;
  return `${open === 1 ? "1 vraag is" : `${open} vragen zijn`} nog niet afgesloten${answered ? ` (${answered} beantwoord)` : ""}`;
}

/**
 * The questions on a document's values, each with what it is about, the question, the answer,
 * and the value when it was asked beside the value now. The ministry closes a question; the
 * organisation answers it (a form per question: works without JavaScript).
 */
export function ReviewQuestions({
  questions,
  mode,
  canAct,
  error,
  intro,
  title = "Vragen over waarden",
}: {
  title?: string;
  questions: readonly QuestionItemView[];
  mode: "ministry" | "organisation";
  /** The ministry may close, the organisation may answer. */
  canAct: boolean;
  /** A refused answer or close: the question it was about, the message and what was typed. */
  error?: { questionId: number; message: string; answer?: string } | null;
  intro?: string;
}) {
  const restored = useRestored();
  // A refused post about a question not on this page (gone, or not this document's) says so here.
  const elsewhere = error && !questions.some((q) => q.id === error.questionId) ? error : null;
  if (questions.length === 0 && !elsewhere) return null;
  // Open ones first, then answered, then closed; each in the order they were asked.
  const order = { open: 0, answered: 1, closed: 2 };
  const sorted = [...questions].sort((a, b) => order[a.state] - order[b.state] || a.id - b.id);
  return (
    <section aria-labelledby="vragen-titel" id="vragen" className="mvoi-questions">
      <Heading level={2} id="vragen-titel">
        {title}
      </Heading>
      {intro ? <Paragraph>{intro}</Paragraph> : null}
      {elsewhere ? (
        <p className="utrecht-form-field__error-message" role="alert">
          {elsewhere.message}
        </p>
      ) : null}
      <ol className="mvoi-history">
        {sorted.map((q) => {
          const fieldId = `antwoord-${q.id}`;
          const failed = error?.questionId === q.id ? error : null;
          const restoredAnswer = restored.value("questionId") === String(q.id) ? restored.value("answer") : undefined;
          return (
            <li key={q.id} className="mvoi-history__entry" id={`vraag-${q.id}`} data-testid={`vraag-${q.id}`}>
              <Heading level={3} className="mvoi-history__when">
                {q.href ? <a href={q.href}>{q.about}</a> : q.about}
              </Heading>
              <Paragraph>
                <span className={`mvoi-tag ${STATE_TAGS[q.state]}`}>{STATE_WORDS[q.state]}</span>
                {/* The reviewer's own mark: the organisation does not see it. */}
                {q.followUp && mode === "ministry" ? <span className="mvoi-tag mvoi-tag--draft">Opvolgen</span> : null}
              </Paragraph>
              <dl className="mvoi-history__values">
                <QuestionAndAnswer question={q} />
                <dt>{q.shownNumber === q.versionNumber ? "Waarde" : `Waarde in versie ${q.versionNumber}`}</dt>
                <dd>{q.before}</dd>
                {q.shownNumber !== q.versionNumber ? (
                  <>
                    <dt>Waarde in versie {q.shownNumber}</dt>
                    <dd>
                      {q.after}
                      {q.after !== q.before ? <strong> (gewijzigd)</strong> : null}
                    </dd>
                  </>
                ) : null}
                {q.closedAt ? (
                  <>
                    <dt>Afgesloten</dt>
                    <dd>
                      {q.closedBy}, {formatDateTime(q.closedAt)}
                    </dd>
                  </>
                ) : null}
              </dl>
              {canAct && q.state !== "closed" && mode === "ministry" ? (
                <Form method="post" className="mvoi-form">
                  <input type="hidden" name="questionId" value={q.id} />
                  {failed ? (
                    <p className="utrecht-form-field__error-message" role="alert">
                      {failed.message}
                    </p>
                  ) : null}
                  <Button appearance="secondary" name="intent" value="close-question">
                    Vraag sluiten<span className="rhc-visually-hidden"> ({q.about})</span>
                  </Button>
                </Form>
              ) : null}
              {canAct && q.state !== "closed" && mode === "organisation" ? (
                <Form method="post" className="mvoi-form">
                  <input type="hidden" name="questionId" value={q.id} />
                  {/* The answer as this page shows it: an answer given meanwhile is not overwritten. */}
                  <input type="hidden" name="seen" value={q.answeredAt ?? ""} />
                  <Shell
                    id={fieldId}
                    kind="textarea"
                    label={
                      <>
                        Uw antwoord<span className="rhc-visually-hidden"> op de vraag over {q.about}</span>
                        {q.answer ? " (u kunt het aanpassen tot het ministerie de vraag sluit)" : ""}
                      </>
                    }
                    errors={failed ? [failed.message] : undefined}
                  >
                    <textarea
                      id={fieldId}
                      name="answer"
                      rows={3}
                      defaultValue={failed?.answer ?? restoredAnswer ?? q.answer ?? ""}
                      aria-invalid={failed ? true : undefined}
                      aria-describedby={failed ? `${fieldId}-error` : undefined}
                      className={`utrecht-textarea utrecht-textarea--html-textarea${failed ? " utrecht-textarea--invalid" : ""}`}
                    />
                  </Shell>
                  <Button appearance="secondary" name="intent" value="answer-question">
                    Antwoord opslaan<span className="rhc-visually-hidden"> ({q.about})</span>
                  </Button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The values a reviewer can ask about, grouped (a report's sections, a plan's themes and actions). */
export type AskChoices = { group: string; options: { value: string; label: string }[] }[];

/**
 * The reviewer's form to ask about one value: which value (preselected from the link next to
 * it), the question, and a mark for follow-up.
 */
export function AskQuestionForm({
  choices,
  versionNumber,
  chosen,
  errors,
  values,
  documentWord,
  asked,
  words = { title: "Een vraag stellen over één waarde", label: "Over welke waarde?", choose: "Kies een waarde" },
}: {
  /** The form's heading, the list's label and its empty choice (a report's values, a plan's themes and actions). */
  words?: { title: string; label: string; choose: string };
  /** How many questions were asked: a new count starts the form afresh (after asking, with JavaScript). */
  asked: number;
  choices: AskChoices;
  versionNumber: number;
  chosen: string | null;
  errors?: { about?: string; question?: string; form?: string } | null;
  values?: { about?: string; question?: string; followUp?: boolean } | null;
  documentWord: string;
}) {
  const restored = useRestored();
  const about = values?.about ?? restored.value("about") ?? chosen ?? "";
  return (
    <section aria-labelledby="stel-vraag" className="mvoi-review" id="stel-vraag-blok">
      <Heading level={2} id="stel-vraag">
        {words.title}
      </Heading>
      <Paragraph>
        De organisatie ziet uw vraag meteen. Stuurt u {documentWord} terug, dan staan de vragen die nog niet zijn afgesloten ook in de
        e-mail aan de organisatie. Zolang een vraag niet is afgesloten, kunt u {documentWord} niet accepteren.
      </Paragraph>
      <Form method="post" className="mvoi-form" action="#stel-vraag-blok" key={asked}>
        <input type="hidden" name="version" value={versionNumber} />
        {errors?.form ? (
          <p className="utrecht-form-field__error-message" role="alert">
            {errors.form}
          </p>
        ) : null}
        <Shell id="stel-over" kind="select" label={words.label} errors={errors?.about ? [errors.about] : undefined}>
          <select
            id="stel-over"
            name="about"
            defaultValue={about}
            aria-invalid={errors?.about ? true : undefined}
            aria-describedby={errors?.about ? "stel-over-error" : undefined}
            className={`utrecht-select utrecht-select--html-select${errors?.about ? " utrecht-select--invalid" : ""}`}
          >
            <option value="">{words.choose}</option>
            {choices.map((g) => (
              <optgroup key={g.group} label={g.group}>
                {g.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Shell>
        <PlainTextarea
          id="stel-tekst"
          name="question"
          label="Uw vraag"
          description="Schrijf wat u wilt weten. De organisatie ziet deze tekst."
          defaultValue={values?.question}
          errors={errors?.question ? [errors.question] : undefined}
        />
        <PlainCheckbox
          id="stel-opvolgen"
          name="followUp"
          label="Markeren voor opvolging (alleen het ministerie ziet deze markering; ze blijft als de vraag is afgesloten)"
          defaultChecked={values?.followUp}
        />
        <Button appearance="secondary" name="intent" value="ask">
          Vraag stellen
        </Button>
      </Form>
    </section>
  );
}
