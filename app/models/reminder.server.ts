import type { Executor } from "~/database/connection.server";
import { planReminderMail, reminderMail, type PlanReminderKind, type ReminderKind } from "~/mail/messages";
import { listPlansForReview } from "~/models/action-plan.server";
import { isExpected, reportStates } from "~/models/counted-version.server";
import { enqueueMail } from "~/models/mail.server";
import { listOrganisationContacts } from "~/models/user.server";
import { todayInNL } from "~/utils/time";

// Deadline reminders for the yearly report: 14 and 3 days before the deadline that applies to the
// organisation (its extension, else the year's), and an overdue notice the day after, to the
// organisation's inkopers and those of the organisation that signed for it (the Unie). And for the
// action plan, due a year after signing: 30 and 7 days before, and once when it is overdue.

/** Days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/**
 * Which message is due on `today` for a deadline: the 14-day reminder from 14 days before, the
 * 3-day one from 3 days before, the overdue notice from the day after for a week. A run that was
 * missed on the exact day still sends the message on a later run within its window.
 */
export function reminderStage(today: string, dueAt: string): ReminderKind | null {
  const days = daysBetween(today, dueAt);
  if (days > 14) return null;
  if (days > 3) return "reminder-14";
  if (days >= 0) return "reminder-3";
  if (days >= -7) return "overdue";
  return null;
}

export type ReminderRun = { queued: number; alreadySent: number; organisations: number };

/** Puts the reminders that are due in the outbox, each (stage, year, organisation, person) once ever. */
export async function queueDueReminders(db: Executor, args: { origin: string; today?: string }): Promise<ReminderRun> {
  const today = args.today ?? todayInNL();
  // Per open year, the organisations expected to report (counted-version.server.ts: active,
  // signed by the year's end, not an umbrella) whose report is not submitted or accepted, each
  // with its own due date.
  const years = await db.selectFrom("reporting_year").select("year").where("opens_at", "<=", today).orderBy("year").execute();
  const candidates: { id: number; slug: string; name: string; year: number; due_at: string }[] = [];
  for (const { year } of years) {
    for (const r of await reportStates(db, { year, today })) {
      if (!isExpected(r) || r.status === "submitted" || r.status === "accepted") continue;
      candidates.push({ id: r.organisation_id, slug: r.slug, name: r.name, year, due_at: r.due_at });
    }
  }
  const run: ReminderRun = { queued: 0, alreadySent: 0, organisations: 0 };
  for (const c of candidates) {
    const stage = reminderStage(today, c.due_at);
    if (!stage) continue;
    run.organisations++;
    const link = new URL(`/organisatie/${c.slug}/rapportage/${c.year}`, args.origin).href;
    const content = reminderMail({ kind: stage, organisationName: c.name, year: c.year, dueAt: c.due_at, link });
    for (const contact of await listOrganisationContacts(db, { organisationId: c.id })) {
      // The deadline is part of the key: after an extension, the reminders for the new date go out.
      const queued = await enqueueMail(db, {
        kind: stage,
        to: contact.email,
        content,
        dedupeKey: `${stage}:${c.year}:${c.id}:${c.due_at}:${contact.email}`,
      });
      if (queued) run.queued++;
      else run.alreadySent++;
    }
  }
  return run;
}

/**
 * Which message about an action plan is due on `today` (the plan is due a year after signing):
 * the 30-day reminder from 30 days before, the 7-day one from 7 days before, and the overdue
 * notice from the day after, without an end: it is sent once, when a run first sees the plan late.
 */
export function planReminderStage(today: string, dueAt: string): PlanReminderKind | null {
  const days = daysBetween(today, dueAt);
  if (days > 30) return null;
  if (days > 7) return "plan-reminder-30";
  if (days >= 0) return "plan-reminder-7";
  return "plan-overdue";
}

/**
 * Puts the action-plan reminders that are due in the outbox, each (stage, organisation, due date,
 * person) once ever: for every active organisation whose plan was never submitted, to its inkopers
 * and those of the organisation that signed for it.
 */
export async function queueDuePlanReminders(db: Executor, args: { origin: string; today?: string }): Promise<ReminderRun> {
  const today = args.today ?? todayInNL();
  const run: ReminderRun = { queued: 0, alreadySent: 0, organisations: 0 };
  for (const plan of await listPlansForReview(db, { today })) {
    if (plan.ever_submitted || !plan.due_date) continue;
    const stage = planReminderStage(today, plan.due_date);
    if (!stage) continue;
    run.organisations++;
    const link = new URL(`/organisatie/${plan.slug}/actieplan`, args.origin).href;
    const content = planReminderMail({
      kind: stage,
      organisationName: plan.name,
      dueAt: plan.due_date,
      daysLeft: Math.max(0, daysBetween(today, plan.due_date)),
      link,
    });
    for (const contact of await listOrganisationContacts(db, { organisationId: plan.organisation_id })) {
      const queued = await enqueueMail(db, {
        kind: stage,
        to: contact.email,
        content,
        dedupeKey: `${stage}:${plan.organisation_id}:${plan.due_date}:${contact.email}`,
      });
      if (queued) run.queued++;
      else run.alreadySent++;
    }
  }
  return run;
}
