import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/security";
import { requireUser } from "~/flows/guards.server";
import { verifyStepUp, refusalInit } from "~/flows/login.server";
import { disableSchema, isTotpCode, renewSchema } from "~/auth/mfa.schema";
import { mfaRequired } from "~/flows/mfa.server";
import { RecoveryCodes } from "~/components/account/mfa";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button, ButtonLink } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { disableMfa, getMfaStatus, regenerateRecoveryCodes } from "~/models/mfa.server";
import { formatDate } from "~/utils/time";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Beveiliging van uw account - MVOI-portaal" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const status = await getMfaStatus(getDb(), { userId: user.id });
  return { email: user.email, status, required: mfaRequired(user.audiences) };
}

type Intent = "herstelcodes" | "uitzetten";

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const formData = await request.formData();
  const intent: Intent = formData.get("intent") === "uitzetten" ? "uitzetten" : "herstelcodes";
  const submission =
    intent === "uitzetten" ? parseWithZod(formData, { schema: disableSchema }) : parseWithZod(formData, { schema: renewSchema });
  if (submission.status !== "success") return data({ intent, result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const db = getDb();
  const { ip } = context.get(requestInfoContext);
  if (!(await getMfaStatus(db, { userId: user.id })).enabled) {
    return data(
      { intent, result: submission.reply({ formErrors: ["Tweestapsverificatie staat niet aan."] }), recoveryCodes: null },
      { status: 400 },
    );
  }

  const code = submission.value.code;
  const check = await verifyStepUp({
    user,
    ip,
    password: "password" in submission.value ? String(submission.value.password) : undefined,
    code,
    codeIsTotp: isTotpCode(code),
  });
  if (!check.ok) {
    const reply = check.field
      ? submission.reply({ fieldErrors: { [check.field]: [check.message] }, hideFields: ["password", "code"] })
      : submission.reply({ formErrors: [check.message], hideFields: ["password", "code"] });
    return data({ intent, result: reply, recoveryCodes: null }, refusalInit(check.throttled));
  }

  const actor = { userId: user.id, email: user.email, ip };
  if (intent === "herstelcodes") {
    const recoveryCodes = await regenerateRecoveryCodes(db, { actor });
    return { intent, result: submission.reply({ resetForm: true }), recoveryCodes };
  }
  // Mandatory for the ministry and administrators: "turning off" is setting up again, at once.
  // The user's other sessions end; this one stays, but until the app is set up again the ministry
  // and admin pages send it to the set-up (requireAudience).
  const reason = mfaRequired(user.audiences) ? "set-up-again" : "turned-off";
  await disableMfa(db, { actor, reason, keepSession: user.sessionIdHash });
  return redirect(reason === "set-up-again" ? "/account/beveiliging/instellen" : "/account/beveiliging?uitgezet");
}

export default function Security({ loaderData, actionData }: Route.ComponentProps) {
  const { status, required } = loaderData;
  const [searchParams] = useSearchParams();
  const [renewForm, renewFields] = useForm({
    id: "herstelcodes",
    lastResult: actionData?.intent === "herstelcodes" ? actionData.result : undefined,
    constraint: { code: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: renewSchema }),
    shouldValidate: "onSubmit",
  });
  const [disableForm, disableFields] = useForm({
    id: "uitzetten",
    lastResult: actionData?.intent === "uitzetten" ? actionData.result : undefined,
    constraint: { password: { required: true }, code: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: disableSchema }),
    shouldValidate: "onSubmit",
  });
  const formErrors = [...(renewForm.errors ?? []), ...(disableForm.errors ?? [])];

  return (
    <div className="mvoi-container mvoi-prose">
      <Heading level={1}>Beveiliging van uw account</Heading>
      {searchParams.has("uitgezet") && !status.enabled ? <Alert type="ok">Tweestapsverificatie staat uit.</Alert> : null}
      {formErrors.length ? <Alert type="error">{formErrors.join(" ")}</Alert> : null}
      <Paragraph>U bent ingelogd als {loaderData.email}.</Paragraph>
      <Heading level={2}>Tweestapsverificatie</Heading>
      {actionData?.recoveryCodes ? (
        <RecoveryCodes codes={actionData.recoveryCodes}>
          <Paragraph>Uw oude herstelcodes werken niet meer.</Paragraph>
        </RecoveryCodes>
      ) : null}
      {status.enabled ? (
        <>
          <Paragraph>
            Tweestapsverificatie staat aan sinds {formatDate(status.confirmedAt)}. U logt in met uw wachtwoord én een code uit de app op uw
            telefoon. U heeft nog {status.recoveryCodesLeft} van de 10 herstelcodes.
          </Paragraph>

          <Heading level={3}>Nieuwe herstelcodes maken</Heading>
          <Paragraph>Bijna op, of kwijt? Maak 10 nieuwe herstelcodes. De oude werken dan niet meer.</Paragraph>
          <Form method="post" {...getFormProps(renewForm)} className="mvoi-form">
            <input type="hidden" name="intent" value="herstelcodes" />
            <TextField label="Code uit de app of herstelcode" field={renewFields.code} autoComplete="one-time-code" size="medium" />
            <Button appearance="secondary">Nieuwe herstelcodes maken</Button>
          </Form>

          <Heading level={3}>
            {required ? "Opnieuw instellen (bijvoorbeeld voor een nieuwe telefoon)" : "Tweestapsverificatie uitzetten"}
          </Heading>
          <Paragraph>
            {required
              ? "Voor uw rol is tweestapsverificatie verplicht. U kunt het niet uitzetten, wel opnieuw instellen. Daarna stelt u meteen de app opnieuw in."
              : "Na het uitzetten logt u alleen met uw wachtwoord in. Uw herstelcodes werken dan niet meer."}
          </Paragraph>
          <Form method="post" {...getFormProps(disableForm)} className="mvoi-form">
            <input type="hidden" name="intent" value="uitzetten" />
            <TextField label="Wachtwoord" field={disableFields.password} type="password" autoComplete="current-password" />
            <TextField label="Code uit de app of herstelcode" field={disableFields.code} autoComplete="one-time-code" size="medium" />
            <Button appearance="secondary">{required ? "Opnieuw instellen" : "Uitzetten"}</Button>
          </Form>
        </>
      ) : (
        <>
          <Paragraph>
            Tweestapsverificatie staat uit. Zet het aan voor extra bescherming: u logt dan in met uw wachtwoord én een code uit een app op
            uw telefoon. Zo kan niemand met alleen uw wachtwoord bij uw gegevens.
          </Paragraph>
          <ButtonLink to="/account/beveiliging/instellen">Tweestapsverificatie instellen</ButtonLink>
        </>
      )}
      <Paragraph>
        <Link to="/">Naar de startpagina</Link>
      </Paragraph>
    </div>
  );
}
