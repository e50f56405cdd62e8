import fs from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { e2eServer } from "./server";

/** The messages the server wrote to its capture folder for one recipient, oldest first. */
export async function mailFor(to: string): Promise<ParsedMail[]> {
  const dir = e2eServer().mailDir;
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort();
  const parsed = await Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))));
  return parsed.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === to.toLowerCase()));
}

/** Waits (up to 10 s) until a message for `to` whose subject matches has arrived; returns it. */
export async function waitForMail(to: string, subject: RegExp): Promise<ParsedMail> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = (await mailFor(to)).filter((m) => subject.test(m.subject ?? ""));
    if (found.length) return found[found.length - 1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No e-mail to ${to} with a subject like ${subject} arrived`);
}

/** The first link in a message's text that starts with the portal's address. */
export function linkIn(mail: ParsedMail, base: string): string {
  const match = (mail.text ?? "").match(new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/\\S+`));
  if (!match) throw new Error(`No link to ${base} in:\n${mail.text}`);
  return match[0];
}
