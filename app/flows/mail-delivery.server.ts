import { getDb } from "~/database/instance.server";
import { env } from "~/env.server";
import { deliverPendingMail } from "~/models/mail.server";
import { transportFromSettings, type MailTransport } from "~/mail/transport.server";

// In the running server: deliver the outbox right after the response, off the request path.

let transport: MailTransport | null | undefined;
let running: Promise<void> | null = null;
let again = false;
let warned = false;

export function serverTransport(): MailTransport | null {
  if (transport === undefined) transport = transportFromSettings(env());
  return transport;
}

/** Call after a change that put mail in the outbox; failures are logged and retried by the next run. */
export function deliverMailSoon(): void {
  const current = serverTransport();
  if (!current) {
    if (!warned) console.warn("mail: no SMTP_URL or MAIL_CAPTURE_DIR configured; messages wait in the outbox");
    warned = true;
    return;
  }
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      try {
        const result = await deliverPendingMail(getDb(), current);
        for (const error of result.errors) console.error(`mail: ${error}`);
      } catch (error) {
        console.error("mail: delivery run failed", error);
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
}
