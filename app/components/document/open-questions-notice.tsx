import { Alert } from "~/components/ui/alert";

/**
 * The ministry's questions not yet answered about what this page changes (a plan's themes or
 * actions, a report's actions), each with what it is about, and where to answer them.
 */
export function OpenQuestionsNotice({
  questions,
  href,
}: {
  questions: readonly { id: number; about: string; text: string }[];
  href: string;
}) {
  if (questions.length === 0) return null;
  return (
    <Alert type="info">
      {questions.length === 1 ? "Het ministerie heeft een vraag over dit onderdeel:" : "Het ministerie heeft vragen over dit onderdeel:"}
      <ul className="utrecht-unordered-list">
        {questions.map((q) => (
          <li className="utrecht-unordered-list__item" key={q.id}>
            <strong>{q.about}</strong>: {q.text}
          </li>
        ))}
      </ul>
      <a className="nl-link" href={href}>
        Beantwoorden
      </a>
    </Alert>
  );
}
