/**
 * The one wording of lateness wherever a report or plan appears: "te laat ingediend" for a version
 * submitted after its due date (with an extension, the new date), "termijn verstreken" while that
 * date has passed without a submission.
 */
export function Lateness({ late, submitted }: { late: boolean | number | null | undefined; submitted: boolean }) {
  if (!late) return null;
  return (
    <>
      {" "}
      <strong className="mvoi-overdue">{submitted ? "te laat ingediend" : "termijn verstreken"}</strong>
    </>
  );
}
