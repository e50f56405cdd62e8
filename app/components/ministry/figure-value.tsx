import { SMALL_NUMBER_TEXT } from "~/models/figures.labels";

/**
 * One of the ministry's figures as text: "geen waarde" where no organisation gave one (never 0),
 * its n, and "klein aantal" when it rests on fewer than three organisations. `name` marks the
 * figure for the reconciliation test, which reads the text shown.
 */
export function FigureValue({ name, text, none, n, small }: { name: string; text: string; none: boolean; n?: string; small?: boolean }) {
  return (
    <>
      <span data-figure={name} className={none ? "mvoi-novalue" : undefined}>
        {text}
      </span>
      {n ? <span className="mvoi-n"> {n}</span> : null}
      {small ? <strong className="mvoi-small"> {SMALL_NUMBER_TEXT}</strong> : null}
    </>
  );
}
