// npm run reminders: puts the deadline reminders that are due in the outbox and sends everything
// that waits there (also messages that failed before, up to 10 attempts). Safe to run as often as
// you like (cron, every hour): each reminder goes to each person once.
//
//   0 * * * *  cd /srv/mvoi && NODE_ENV=production DATABASE_URL=... SMTP_URL=... PUBLIC_ORIGIN=... npm run reminders
//
// Options: --today YYYY-MM-DD (pretend it is that day; for trying it out), --no-queue (only send).
import { createDb } from "~/database/connection.server";
import { transportFromSettings } from "~/mail/transport.server";
import { deliverPendingMail } from "~/models/mail.server";
import { queueDuePlanReminders, queueDueReminders } from "~/models/reminder.server";
import { todayInNL } from "~/utils/time";
import { migrateToLatest } from "../db/migrate";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const file = process.env.DATABASE_URL ?? "data/mvoi.sqlite";
const today = option("--today") ?? todayInNL();
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
  console.error(`--today must be a date like 2026-03-17, not "${today}"`);
  process.exit(2);
}
const origin = process.env.PUBLIC_ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`;
const transport = transportFromSettings({
  SMTP_URL: process.env.SMTP_URL,
  MAIL_FROM: process.env.MAIL_FROM ?? "MVOI-portaal <noreply@mvoi.example>",
  MAIL_CAPTURE_DIR: process.env.MAIL_CAPTURE_DIR,
  NODE_ENV: process.env.NODE_ENV ?? "development",
});

const db = createDb(file);
try {
  await migrateToLatest(db);
  if (!process.argv.includes("--no-queue")) {
    const run = await queueDueReminders(db, { origin, today });
    console.log(
      `${today}: ${run.organisations} organisations have a reminder due; ${run.queued} new messages, ${run.alreadySent} sent before.`,
    );
    const plans = await queueDuePlanReminders(db, { origin, today });
    console.log(
      `${today}: ${plans.organisations} organisations have an action-plan reminder due; ${plans.queued} new messages, ${plans.alreadySent} sent before.`,
    );
  }
  if (!transport) {
    console.error("No SMTP_URL (or MAIL_CAPTURE_DIR) set: the messages wait in the outbox.");
    process.exitCode = 1;
  } else {
    const result = await deliverPendingMail(db, transport);
    console.log(`Sent ${result.sent} messages via ${transport.describe}; ${result.failed} failed (retried on the next run).`);
    for (const error of result.errors) console.error(`  ${error}`);
    if (result.failed) process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
