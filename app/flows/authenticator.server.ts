import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { getDb } from "~/database/instance.server";
import { getDummyHash, verifyPassword } from "~/auth/password.server";
import type { SessionUser } from "~/models/session.server";
import { getUserByEmail } from "~/models/user.server";

export class InvalidCredentialsError extends Error {
  constructor() {
    super("invalid credentials");
  }
}

/**
 * remix-auth 4 only verifies credentials; sessions are ours (database rows, see session.server.ts).
 * Every failure looks the same and takes the same time: unknown e-mail, no password set,
 * wrong password and a deactivated account.
 */
export const authenticator = new Authenticator<SessionUser>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const user = await getUserByEmail(getDb(), { email });
    const valid = await verifyPassword(password, user?.password_hash ?? (await getDummyHash()));
    if (!user || !user.password_hash || !valid || user.active !== 1) throw new InvalidCredentialsError();
    return { id: user.id, email: user.email, name: user.name };
  }),
  "form",
);
