// npm run create-admin: creates the first administrator in a (production) database. Asks for the
// e-mail address, name and password on the terminal; the password is never an argument, so it
// does not end up in the shell history or the process list. With input from a pipe, it reads the
// three answers line by line (for automation).
//
// Options: --organisation "Ministerie van Infrastructuur en Waterstaat" (the default).
import readline from "node:readline";
import { Writable } from "node:stream";
import { createDb } from "~/database/connection.server";
import { acceptNewAccountSchema, invitationSchema } from "~/models/admin.schema";
import { recordAuditEvent } from "~/models/audit.server";
import { addMembership, ensureUser, getUserByEmail } from "~/models/user.server";
import { migrateToLatest } from "../db/migrate";

const index = process.argv.indexOf("--organisation");
const organisationName = index >= 0 ? process.argv[index + 1]! : "Ministerie van Infrastructuur en Waterstaat";
const file = process.env.DATABASE_URL ?? "data/mvoi.sqlite";

let muted = false;
const output = new Writable({
  write(chunk, _encoding, callback) {
    if (!muted) process.stdout.write(chunk);
    callback();
  },
});
const rl = readline.createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
const lines: string[] = [];
const waiting: ((line: string) => void)[] = [];
rl.on("line", (line) => (waiting.length ? waiting.shift()!(line) : lines.push(line)));
rl.on("close", () => waiting.splice(0).forEach((resolve) => resolve("")));

function ask(question: string, hidden = false): Promise<string> {
  process.stdout.write(question);
  muted = hidden;
  return new Promise((resolve) => {
    const done = (line: string) => {
      if (hidden) process.stdout.write("\n");
      muted = false;
      resolve(line.trim());
    };
    if (lines.length) done(lines.shift()!);
    else waiting.push(done);
  });
}

const db = createDb(file);
try {
  await migrateToLatest(db);
  const organisation = await db.selectFrom("organisation").select(["id", "name"]).where("name", "=", organisationName).executeTakeFirst();
  if (!organisation)
    throw new Error(`No organisation named "${organisationName}" (run npm run seed -- --no-demo first, or pass --organisation).`);
  const email = await ask("E-mailadres: ");
  if (!invitationSchema.shape.email.safeParse(email).success) throw new Error("That is not a valid e-mail address.");
  const existing = await getUserByEmail(db, { email });
  let userId: number;
  if (existing) {
    console.log(`${existing.email} already has an account; it gets the administrator role (the password stays).`);
    userId = existing.id;
  } else {
    const name = await ask("Naam: ");
    const password = await ask("Wachtwoord (minstens 12 tekens, wordt niet getoond): ", true);
    const repeat = process.stdin.isTTY ? await ask("Nog een keer: ", true) : password;
    const checked = acceptNewAccountSchema.safeParse({ name, password, passwordRepeat: repeat });
    if (!checked.success) throw new Error(checked.error.issues.map((i) => i.message).join(" "));
    userId = await ensureUser(db, { email, name: checked.data.name, password: checked.data.password });
  }
  await addMembership(db, { userId, organisationId: organisation.id, role: "admin" });
  await recordAuditEvent(db, {
    action: "user.admin_created_by_script",
    userId,
    userEmail: email.toLowerCase(),
    objectType: "user",
    objectId: userId,
    detail: { organisation_id: organisation.id },
  });
  console.log(`${email} is administrator of ${organisation.name}. Log in at /inloggen.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rl.close();
  await db.destroy();
}
