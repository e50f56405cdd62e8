import { data, type RouterContextProvider } from "react-router";
import { requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { createReadOnlyDb } from "~/database/connection.server";
import { env } from "~/env.server";
import { recordAuditEvent } from "~/models/audit.server";
import { listReportingYears } from "~/models/reporting-year.server";
import { DATA_BASES, type DataBasis } from "~/models/counted-version.server";

/** The year asked for (?jaar=) and the data basis (?data=), an audit event for the export, and a read-only connection for the stream. */
export async function prepareExport(args: { context: Readonly<RouterContextProvider>; request: Request }, kind: string) {
  const user = requireUser(args.context, args.request);
  const db = getDb();
  const params = new URL(args.request.url).searchParams;
  const year = Number(params.get("jaar"));
  // The data basis of the figures (?data=); anything else is the default, accepted reports only.
  const basis: DataBasis = (DATA_BASES as readonly string[]).includes(params.get("data") ?? "")
    ? (params.get("data") as DataBasis)
    : "geaccepteerd";
  if (!(await listReportingYears(db)).some((y) => y.year === year)) {
    throw data({ message: "Kies een bestaand rapportagejaar (?jaar=2025)." }, { status: 404 });
  }
  await recordAuditEvent(db, {
    action: "export.downloaded",
    userId: user.id,
    userEmail: user.email,
    objectType: "export",
    objectId: kind,
    ip: args.context.get(requestInfoContext).ip,
    detail: { kind, year, basis },
  });
  const reader = createReadOnlyDb(env().DATABASE_URL);
  let closed = false;
  return { year, basis, reader, done: () => void (closed ? undefined : ((closed = true), reader.destroy())) };
}

export const downloadHeaders = (contentType: string, filename: string) => ({
  "Content-Type": contentType,
  "Content-Disposition": `attachment; filename="${filename}"`,
  "Cache-Control": "private, no-store",
});
