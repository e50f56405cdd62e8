import { Alert } from "~/components/ui/alert";
import { Td } from "~/components/ui/table";
import { Link } from "~/components/ui/typography";

/**
 * After accepting several reports or plans together: how many were accepted, and which were left
 * to review on their own page (they changed after they were chosen).
 */
export function AcceptedTogether({
  accepted,
  apart,
  words,
  hrefOf,
}: {
  accepted: number;
  apart: readonly { slug: string; name: string }[];
  words: { one: string; many: string };
  hrefOf: (slug: string) => string;
}) {
  return (
    <Alert type={apart.length ? "warning" : "ok"}>
      U heeft {accepted === 1 ? `1 ${words.one}` : `${accepted} ${words.many}`} geaccepteerd.
      {apart.length ? (
        <>
          {" "}
          Niet geaccepteerd, omdat ze veranderden nadat u ze koos:{" "}
          {apart.map((a, i) => (
            <span key={a.slug}>
              {i ? ", " : ""}
              <Link to={hrefOf(a.slug)}>{a.name}</Link>
            </span>
          ))}
          . Beoordeel die apart.
        </>
      ) : null}
    </Alert>
  );
}

/** The list's "Kiezen" cell: a checkbox for a version waiting for review, carrying the version shown. */
export function ChooseCell({ row }: { row: { status: string; version: number | null; slug: string; name: string } }) {
  return (
    <Td>
      {row.status === "submitted" && row.version ? (
        <input
          type="checkbox"
          className="utrecht-checkbox utrecht-checkbox--html-input"
          name="keuze"
          value={`${row.slug}:${row.version}`}
          aria-label={`Kies ${row.name} om samen te accepteren`}
        />
      ) : null}
    </Td>
  );
}
