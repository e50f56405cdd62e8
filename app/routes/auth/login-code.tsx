import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/login-code";
import { codeSchema, MFA_MESSAGES, recoverySchema } from "~/auth/mfa.schema";
import { completeSecondFactor, homePathForUser, secondStepFor, refusalInit } from "~/flows/login.server";
import { readPendingLogin } from "~/flows/pending-login.server";
import { safeRedirectPath } from "~/auth/permissions";
import { CodeField, ExpiredLogin } from "~/components/account/mfa";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Code invullen - Inloggen - MVOI-portaal" }];

/** The second login step; only reachable with a pending login (password given, no session yet). */
export async function loader({ request }: Route.LoaderArgs) {
  const pending = await readPendingLogin(request);
  const step = pending ? await secondStepFor(pending.userId) : null;
  if (pending && step === "setup") throw redirect("/inloggen/instellen");
  return { expired: step !== "code" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent") === "herstelcode" ? "herstelcode" : "code";
  const pending = await readPendingLogin(request);
  const submission =
    intent === "herstelcode" ? parseWithZod(formData, { schema: recoverySchema }) : parseWithZod(formData, { schema: codeSchema });
  if (!pending) return data({ intent, result: submission.reply({ formErrors: [MFA_MESSAGES.expired] }) }, { status: 400 });
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });

  const result = await completeSecondFactor({
    pending,
    ip: context.get(requestInfoContext).ip,
    userAgent: request.headers.get("User-Agent"),
    code:
      "recoveryCode" in submission.value
        ? { kind: "recovery-code", value: submission.value.recoveryCode }
        : { kind: "totp", value: submission.value.code },
  });
  if (!result.ok) {
    const field = intent === "herstelcode" ? "recoveryCode" : "code";
    const reply = result.throttled
      ? submission.reply({ formErrors: [result.message], hideFields: [field] })
      : submission.reply({ fieldErrors: { [field]: [result.message] }, hideFields: [field] });
    return data({ intent, result: reply }, refusalInit(result.throttled));
  }
  const headers = new Headers();
  for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
  return redirect(safeRedirectPath(pending.redirectTo, await homePathForUser(pending.userId)), { headers });
}

export default function LoginCode({ loaderData, actionData }: Route.ComponentProps) {
  const [codeForm, codeFields] = useForm({
    id: "code",
    lastResult: actionData?.intent === "code" ? actionData.result : undefined,
    constraint: { code: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
    shouldValidate: "onSubmit",
  });
  const [recoveryForm, recoveryFields] = useForm({
    id: "herstelcode",
    lastResult: actionData?.intent === "herstelcode" ? actionData.result : undefined,
    constraint: { recoveryCode: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recoverySchema }),
    shouldValidate: "onSubmit",
  });
  const formErrors = [...(codeForm.errors ?? []), ...(recoveryForm.errors ?? [])];

  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Code invullen</Heading>
      {loaderData.expired ? (
        <ExpiredLogin message={MFA_MESSAGES.expired} />
      ) : (
        <>
          {formErrors.length ? <Alert type="error">{formErrors.join(" ")}</Alert> : null}
          <Paragraph>
            Uw wachtwoord klopt. Open nu de authenticator-app op uw telefoon en vul de code van 6 cijfers in die de app laat zien bij
            MVOI-portaal.
          </Paragraph>
          <Form method="post" {...getFormProps(codeForm)} className="mvoi-form">
            <input type="hidden" name="intent" value="code" />
            <CodeField field={codeFields.code} />
            <Button>Inloggen</Button>
          </Form>
          <details className="mvoi-details" open={actionData?.intent === "herstelcode" || undefined}>
            <summary>Telefoon niet bij de hand? Gebruik een herstelcode</summary>
            <Paragraph>U kreeg 10 herstelcodes toen u de app instelde. Elke herstelcode werkt één keer.</Paragraph>
            <Form method="post" {...getFormProps(recoveryForm)} className="mvoi-form">
              <input type="hidden" name="intent" value="herstelcode" />
              <TextField label="Herstelcode" field={recoveryFields.recoveryCode} autoComplete="off" size="medium" />
              <Button appearance="secondary">Inloggen met herstelcode</Button>
            </Form>
          </details>
          <Paragraph>
            <a className="nl-link" href="/inloggen">
              Opnieuw beginnen
            </a>
          </Paragraph>
        </>
      )}
    </div>
  );
}
