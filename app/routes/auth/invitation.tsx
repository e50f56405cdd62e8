import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/invitation";
import { passwordCheckRefusal, recordWrongPassword } from "~/flows/login.server";
import { verifyPassword } from "~/auth/password.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DataList } from "~/components/ui/data-list";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { acceptExistingAccountSchema, acceptNewAccountSchema, PASSWORD_MIN } from "~/models/admin.schema";
import { acceptInvitation, getInvitation, InvitationError, InvitationPasswordError, STATE_MESSAGES } from "~/models/invitation.server";

export const meta: Route.MetaFunction = () => [{ title: "Uitnodiging accepteren - MVOI-portaal" }];

export async function loader({ params }: Route.LoaderArgs) {
  const invitation = await getInvitation(getDb(), { token: params.token });
  if (invitation.state !== "open") return { state: invitation.state, message: STATE_MESSAGES[invitation.state] } as const;
  return {
    state: "open",
    email: invitation.email,
    organisationName: invitation.organisationName,
    role: ROLE_LABELS[invitation.role],
    hasAccount: invitation.hasAccount,
  } as const;
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const db = getDb();
  const invitation = await getInvitation(db, { token: params.token });
  if (invitation.state !== "open") return data({ result: undefined, message: STATE_MESSAGES[invitation.state] }, { status: 410 });
  const schema = invitation.hasAccount ? acceptExistingAccountSchema : acceptNewAccountSchema;
  const submission = parseWithZod(await request.formData(), { schema });
  const hide = { hideFields: ["password", "passwordRepeat"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide), message: null }, { status: 400 });
  const ip = context.get(requestInfoContext).ip;
  // Confirming with an existing account's password must not be a way around the login throttle.
  const refusal = invitation.hasAccount ? await passwordCheckRefusal({ email: invitation.email, ip }) : null;
  if (refusal) return data({ result: submission.reply({ fieldErrors: { password: [refusal] }, ...hide }), message: null }, { status: 429 });
  try {
    await acceptInvitation(db, {
      token: params.token,
      name: "name" in submission.value ? String(submission.value.name) : undefined,
      password: submission.value.password,
      ip,
      verifyPassword,
    });
  } catch (error) {
    if (error instanceof InvitationPasswordError) {
      await recordWrongPassword({ email: invitation.email, ip, via: "invitation" });
      return data({ result: submission.reply({ fieldErrors: { password: [error.message] }, ...hide }), message: null }, { status: 400 });
    }
    if (error instanceof InvitationError) return data({ result: undefined, message: error.message }, { status: 410 });
    throw error;
  }
  return redirect(`/inloggen?uitnodiging-geaccepteerd&email=${encodeURIComponent(invitation.email)}`);
}

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  const open = loaderData.state === "open" ? loaderData : null;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: open?.hasAccount ? acceptExistingAccountSchema : acceptNewAccountSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const message = actionData?.message ?? (loaderData.state !== "open" ? loaderData.message : null);
  if (!open || message) {
    return (
      <div className="mvoi-container mvoi-narrow">
        <Heading level={1}>Deze uitnodiging werkt niet</Heading>
        <Alert type="error">{message}</Alert>
        <Paragraph>
          <Link to="/inloggen">Naar inloggen</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Uitnodiging accepteren</Heading>
      <Paragraph>U bent uitgenodigd voor het MVOI-portaal.</Paragraph>
      <DataList
        items={[
          { key: "E-mailadres", value: open.email },
          { key: "Organisatie", value: open.organisationName },
          { key: "Rol", value: open.role },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        {open.hasAccount ? (
          <>
            <Paragraph>U heeft al een account met dit e-mailadres. Vul uw wachtwoord in om de uitnodiging te accepteren.</Paragraph>
            <TextField label="Wachtwoord" field={fields.password} type="password" autoComplete="current-password" />
            <Button>Uitnodiging accepteren</Button>
          </>
        ) : (
          <>
            <Paragraph>
              Maak uw account aan. Kies een wachtwoord van minstens {PASSWORD_MIN} tekens; een zin van een paar woorden is sterk en
              makkelijk te onthouden.
            </Paragraph>
            <TextField label="Uw naam" field={(fields as Record<string, typeof fields.password>).name!} autoComplete="name" />
            <TextField label="Wachtwoord" field={fields.password} type="password" autoComplete="new-password" />
            <TextField
              label="Wachtwoord nog een keer"
              field={(fields as Record<string, typeof fields.password>).passwordRepeat!}
              type="password"
              autoComplete="new-password"
            />
            <Button>Account aanmaken</Button>
          </>
        )}
      </Form>
    </div>
  );
}
