import { data, redirect, type RouterContextProvider } from "react-router";
import { actableOrganisationOnce, requireUser } from "~/flows/guards.server";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import type { Actor } from "~/models/action-plan.server";
import { getReportingYear } from "~/models/reporting-year.server";
import {
  getReportOverview,
  ReportConflictError,
  ReportIncompleteError,
  ReportNotFoundError,
  ReportTransitionError,
} from "~/models/report.server";
import { REPORT_SECTIONS, type ReportSection } from "~/models/report.rules";

export const REPORT_CONFLICT_MESSAGE =
  "Iemand anders heeft deze rapportage gewijzigd nadat u de pagina opende. Uw invoer is daarom niet opgeslagen; u ziet hem hieronder nog. Open de pagina opnieuw om de nieuwste stand te zien en breng uw wijziging daarna opnieuw aan.";

export const notFound = () => data({ message: "Niet gevonden" }, { status: 404 });

/** Who, for which organisation, which year (a year that does not exist is a 404 like a foreign organisation). */
export async function requireReportContext(args: {
  context: Readonly<RouterContextProvider>;
  request: Request;
  params: { slug?: string; year?: string };
}) {
  const user = requireUser(args.context, args.request);
  const db = getDb();
  const organisation = await actableOrganisationOnce(args.context, args.request, { userId: user.id, slug: args.params.slug ?? "" });
  const year = Number(args.params.year);
  if (!organisation || !Number.isInteger(year)) throw notFound();
  const reportingYear = await getReportingYear(db, { year });
  if (!reportingYear) throw notFound();
  const overview = await getReportOverview(db, { userId: user.id, organisationId: organisation.id, year });
  const actor: Actor = { userId: user.id, email: user.email, ip: args.context.get(requestInfoContext).ip };
  const base = `/organisatie/${organisation.slug}/rapportage/${year}`;
  return { db, user, organisation, year, reportingYear, overview, actor, base };
}

export async function requireReportDraft(args: Parameters<typeof requireReportContext>[0]) {
  const ctx = await requireReportContext(args);
  if (!ctx.overview?.draft || ctx.organisation.access !== "write") throw redirect(ctx.base);
  return { ...ctx, draft: ctx.overview.draft };
}

export function parseSection(value: string | undefined): ReportSection | null {
  return REPORT_SECTIONS.some((s) => s.key === value) ? (value as ReportSection) : null;
}

/** Maps the model's refusals to answers a person can act on. */
export function reportError(error: unknown): { status: number; message: string } {
  if (error instanceof ReportConflictError) return { status: 409, message: REPORT_CONFLICT_MESSAGE };
  if (error instanceof ReportTransitionError) return { status: 409, message: error.message };
  if (error instanceof ReportIncompleteError) return { status: 400, message: "De rapportage is nog niet compleet." };
  if (error instanceof ReportNotFoundError) throw notFound();
  throw error;
}
