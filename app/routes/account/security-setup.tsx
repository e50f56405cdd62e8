import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { Route } from "./+types/security-setup";
import { requireUser } from "~/flows/guards.server";
import { codeSchema, MFA_MESSAGES } from "~/auth/mfa.schema";
import { mfaKeys, setupView } from "~/flows/mfa.server";
import { safeRedirectPath } from "~/auth/permissions";
import { MfaSetup, RecoveryCodes } from "~/components/account/mfa";
import { Alert } from "~/components/ui/alert";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { confirmMfaSetup, startMfaSetup } from "~/models/mfa.server";

export const meta: Route.MetaFunction = () => [{ title: "Tweestapsverificatie instellen - MVOI-portaal" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  // Already on: no new secret. (No redirect: after a set-up without JavaScript this loader runs
  // in the same response that shows the recovery codes.)
  const setup = await startMfaSetup(getDb(), { userId: user.id, keys: mfaKeys() });
  // Sent here by the ministry or admin guard after MFA was turned off: back to that page afterwards.
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  const next = redirectTo === null ? null : safeRedirectPath(redirectTo, "/account/beveiliging");
  return { view: setup ? await setupView({ secret: setup.secret, email: user.email }) : null, next };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: codeSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const result = await confirmMfaSetup(getDb(), {
    actor: { userId: user.id, email: user.email, ip: context.get(requestInfoContext).ip },
    keys: mfaKeys(),
    code: submission.value.code,
  });
  if (!result.ok) {
    const message =
      result.reason === "reused"
        ? MFA_MESSAGES.reused
        : result.reason === "no-setup"
          ? "Tweestapsverificatie staat al aan, of de instelling is verlopen. Laad de pagina opnieuw."
          : MFA_MESSAGES.invalid;
    return data(
      { result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }), recoveryCodes: null },
      { status: 400 },
    );
  }
  // Shown once, in this response: the codes are stored only as hashes.
  return { result: submission.reply(), recoveryCodes: result.recoveryCodes };
}

export default function SecuritySetup({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Tweestapsverificatie instellen</Heading>
      {actionData?.recoveryCodes ? (
        <>
          <Paragraph>Gelukt: tweestapsverificatie staat aan. Bij de volgende keer inloggen vragen we ook een code uit de app.</Paragraph>
          <RecoveryCodes codes={actionData.recoveryCodes}>
            <Paragraph>
              {loaderData.next ? (
                <Link to={loaderData.next}>Ik heb de codes bewaard. Verder</Link>
              ) : (
                <Link to="/account/beveiliging">Ik heb de codes bewaard. Terug naar Beveiliging</Link>
              )}
            </Paragraph>
          </RecoveryCodes>
        </>
      ) : loaderData.view ? (
        <>
          {loaderData.next ? (
            <Alert type="warning">
              Tweestapsverificatie staat uit. Voor de pagina die u wilde openen moet het aan staan. Stel de app hieronder in. Daarna kunt u
              verder.
            </Alert>
          ) : null}
          <Paragraph>Met tweestapsverificatie logt u in met uw wachtwoord én een code uit een app op uw telefoon.</Paragraph>
          <MfaSetup view={loaderData.view} lastResult={actionData?.result} submitLabel="Instellen" />
        </>
      ) : (
        <Paragraph>
          Tweestapsverificatie staat al aan. <Link to="/account/beveiliging">Terug naar Beveiliging</Link>
        </Paragraph>
      )}
    </div>
  );
}
