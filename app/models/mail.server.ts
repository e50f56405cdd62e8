import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import type { MailMessage } from "~/database/types";
import type { MailContent } from "~/mail/messages";
import type { MailTransport } from "~/mail/transport.server";
import { nowIso } from "~/utils/time";

// The outbox. Pages and the reminder run put messages here, inside the transaction of the change
// that causes them; delivery happens afterwards, so a mail server that is down never breaks a page
// and a message is never lost. A message with a dedupe key is put here at most once, ever.

import { MAX_MAIL_ATTEMPTS } from "~/models/admin.schema";

export async function enqueueMail(
  db: Executor,
  args: { kind: string; to: string; content: MailContent; dedupeKey?: string },
): Promise<boolean> {
  const result = await db
    .insertInto("mail_message")
    .values({
      kind: args.kind,
      recipient: args.to,
      subject: args.content.subject,
      text_body: args.content.text,
      html_body: args.content.html,
      dedupe_key: args.dedupeKey ?? null,
      created_at: nowIso(),
      sent_at: null,
      last_error: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type DeliveryResult = { sent: number; failed: number; errors: string[] };

/**
 * Sends what waits (new messages, and failed ones up to MAX_MAIL_ATTEMPTS). Each message is claimed by
 * raising its attempt counter first, so two runs at once (the server and the cron script) never
 * send the same message twice.
 */
export async function deliverPendingMail(db: Executor, transport: MailTransport, args: { limit?: number } = {}): Promise<DeliveryResult> {
  const waiting = await db
    .selectFrom("mail_message")
    .select(["id", "attempts"])
    .where("status", "in", ["pending", "failed"])
    .where("attempts", "<", MAX_MAIL_ATTEMPTS)
    .orderBy("id")
    .limit(args.limit ?? 500)
    .execute();
  const result: DeliveryResult = { sent: 0, failed: 0, errors: [] };
  for (const { id, attempts } of waiting) {
    const claimed = await db
      .updateTable("mail_message")
      .set({ attempts: sql`attempts + 1` })
      .where("id", "=", id)
      .where("attempts", "=", attempts)
      .where("status", "in", ["pending", "failed"])
      .returningAll()
      .executeTakeFirst();
    if (!claimed) continue;
    try {
      await transport.send({ to: claimed.recipient, subject: claimed.subject, text: claimed.text_body, html: claimed.html_body });
      await db.updateTable("mail_message").set({ status: "sent", sent_at: nowIso(), last_error: null }).where("id", "=", id).execute();
      result.sent++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await db.updateTable("mail_message").set({ status: "failed", last_error: message }).where("id", "=", id).execute();
      result.failed++;
      result.errors.push(`message ${id} to ${claimed.recipient}: ${message}`);
    }
  }
  return result;
}

export type MailListItem = Pick<
  MailMessage,
  "id" | "kind" | "recipient" | "subject" | "status" | "attempts" | "last_error" | "created_at" | "sent_at"
>;

/** For administrators: the newest messages, optionally only those that failed. */
export async function listMail(db: Executor, args: { status?: MailMessage["status"]; limit: number }): Promise<MailListItem[]> {
  return db
    .selectFrom("mail_message")
    .select(["id", "kind", "recipient", "subject", "status", "attempts", "last_error", "created_at", "sent_at"])
    .$if(Boolean(args.status), (q) => q.where("status", "=", args.status!))
    .orderBy("id", "desc")
    .limit(args.limit)
    .execute();
}
