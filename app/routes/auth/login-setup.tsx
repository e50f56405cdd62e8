import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { Route } from "./+types/login-setup";
import { codeSchema, MFA_MESSAGES } from "~/auth/mfa.schema";
import { mfaKeys, setupView } from "~/flows/mfa.server";
import { completeSetupAtLogin, homePathForUser, secondStepFor, refusalInit } from "~/flows/login.server";
import { readPendingLogin } from "~/flows/pending-login.server";
import { safeRedirectPath } from "~/auth/permissions";
import { ExpiredLogin, MfaSetup, RecoveryCodes } from "~/components/account/mfa";
import { Heading, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { startMfaSetup } from "~/models/mfa.server";
import { getUserById } from "~/models/user.server";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Tweestapsverificatie instellen - Inloggen - MVOI-portaal" }];

/**
 * During login, for the ministry and administrators who have no authenticator app yet: they
 * gave the right password but get no session until the app is set up. Nothing else is reachable.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const pending = await readPendingLogin(request);
  const step = pending ? await secondStepFor(pending.userId) : null;
  // MFA already on: the code step is next. (No redirect: after the set-up without JavaScript
  // this loader runs in the same response that shows the recovery codes.)
  if (pending && step === "code") return { view: null, codeStep: true };
  const user = pending && step === "setup" ? await getUserById(getDb(), { id: pending.userId }) : undefined;
  const setup = user ? await startMfaSetup(getDb(), { userId: user.id, keys: mfaKeys() }) : null;
  if (!user || !setup) return { view: null, codeStep: false };
  return { view: await setupView({ secret: setup.secret, email: user.email }), codeStep: false };
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: codeSchema });
  const pending = await readPendingLogin(request);
  if (!pending) return data({ result: submission.reply({ formErrors: [MFA_MESSAGES.expired] }), done: null }, { status: 400 });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  const result = await completeSetupAtLogin({
    pending,
    ip: context.get(requestInfoContext).ip,
    userAgent: request.headers.get("User-Agent"),
    code: submission.value.code,
  });
  if (!result.ok) {
    const reply = result.throttled
      ? submission.reply({ formErrors: [result.message], hideFields: ["code"] })
      : submission.reply({ fieldErrors: { code: [result.message] }, hideFields: ["code"] });
    return data({ result: reply, done: null }, refusalInit(result.throttled));
  }
  const headers = new Headers();
  for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
  // The recovery codes are shown once, in this response (not after a redirect: they are not stored).
  const next = safeRedirectPath(pending.redirectTo, await homePathForUser(pending.userId));
  return data({ result: submission.reply(), done: { recoveryCodes: result.recoveryCodes ?? [], next } }, { headers });
}

export default function LoginSetup({ loaderData, actionData }: Route.ComponentProps) {
  const done = actionData?.done;
  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Tweestapsverificatie instellen</Heading>
      {done ? (
        <>
          <Paragraph>Gelukt: tweestapsverificatie staat aan. U bent nu ingelogd.</Paragraph>
          <RecoveryCodes codes={done.recoveryCodes}>
            <Paragraph>
              <a className="nl-link" href={done.next}>
                Ik heb de codes bewaard. Verder naar het portaal
              </a>
            </Paragraph>
          </RecoveryCodes>
        </>
      ) : loaderData.view ? (
        <>
          <Paragraph>
            Uw wachtwoord klopt. Voor uw rol is tweestapsverificatie verplicht: u logt voortaan in met uw wachtwoord én een code uit een app
            op uw telefoon. Stel de app nu in; daarna bent u ingelogd.
          </Paragraph>
          <MfaSetup view={loaderData.view} lastResult={actionData?.result} submitLabel="Instellen en inloggen" />
        </>
      ) : loaderData.codeStep ? (
        <Paragraph>
          Tweestapsverificatie staat al aan.{" "}
          <a className="nl-link" href="/inloggen/code">
            Vul de code uit uw app in
          </a>
          .
        </Paragraph>
      ) : (
        <ExpiredLogin message={MFA_MESSAGES.expired} />
      )}
    </div>
  );
}
