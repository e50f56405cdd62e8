import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

/** Something that delivers one message or throws; SMTP in production, a folder in development. */
export type MailTransport = { describe: string; send(mail: OutgoingMail): Promise<void> };

export type MailSettings = { SMTP_URL?: string; MAIL_FROM: string; MAIL_CAPTURE_DIR?: string; NODE_ENV: string };

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    describe: `SMTP ${new URL(url).host}`,
    async send(mail) {
      await transporter.sendMail({ from, ...mail });
    },
  };
}

/** Writes each message as an .eml file (open it with any mail program) and as a .txt file. */
export function captureTransport(dir: string, from: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `folder ${dir}`,
    async send(mail) {
      const info = await builder.sendMail({ from, ...mail });
      fs.mkdirSync(dir, { recursive: true });
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, "_");
      const file = path.join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeTo}-${Math.random().toString(36).slice(2, 8)}.eml`,
      );
      fs.writeFileSync(file, info.message as Buffer);
      // The same message as plain text beside it, so the links can be copied straight from it.
      fs.writeFileSync(file.replace(/\.eml$/, ".txt"), `Aan: ${mail.to}\nOnderwerp: ${mail.subject}\n\n${mail.text}`);
    },
  };
}

/**
 * SMTP when SMTP_URL is set; otherwise a capture folder (MAIL_CAPTURE_DIR, or data/mail outside
 * production). In production without either, there is no transport: messages wait in the outbox.
 */
export function transportFromSettings(settings: MailSettings): MailTransport | null {
  if (settings.SMTP_URL) return smtpTransport(settings.SMTP_URL, settings.MAIL_FROM);
  const dir = settings.MAIL_CAPTURE_DIR ?? (settings.NODE_ENV === "production" ? undefined : "data/mail");
  return dir ? captureTransport(path.resolve(dir), settings.MAIL_FROM) : null;
}
