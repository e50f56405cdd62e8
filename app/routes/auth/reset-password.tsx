import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/reset-password";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { PASSWORD_MIN, resetPasswordSchema } from "~/models/admin.schema";
import { isResetTokenUsable, PasswordResetError, resetPassword } from "~/models/password-reset.server";

export const meta: Route.MetaFunction = () => [{ title: "Nieuw wachtwoord instellen - MVOI-portaal" }];

export async function loader({ params }: Route.LoaderArgs) {
  return { usable: await isResetTokenUsable(getDb(), { token: params.token }) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password", "passwordRepeat"] }) }, { status: 400 });
  try {
    await resetPassword(getDb(), { token: params.token, password: submission.value.password, ip: context.get(requestInfoContext).ip });
  } catch (error) {
    if (error instanceof PasswordResetError)
      return data(
        { result: submission.reply({ formErrors: [error.message], hideFields: ["password", "passwordRepeat"] }) },
        { status: 400 },
      );
    throw error;
  }
  return redirect("/inloggen?wachtwoord-gewijzigd");
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: { password: { required: true, minLength: PASSWORD_MIN }, passwordRepeat: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  if (!loaderData.usable && !actionData) {
    return (
      <div className="mvoi-container mvoi-narrow">
        <Heading level={1}>Deze link werkt niet meer</Heading>
        <Paragraph>Een link om uw wachtwoord te herstellen werkt één keer en 1 uur lang.</Paragraph>
        <Paragraph>
          <Link to="/wachtwoord-vergeten">Vraag een nieuwe link aan</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Nieuw wachtwoord instellen</Heading>
      {form.errors?.length ? (
        <Alert type="error" id={form.errorId}>
          {form.errors.join(" ")} <Link to="/wachtwoord-vergeten">Vraag een nieuwe link aan</Link>
        </Alert>
      ) : null}
      <Paragraph>
        Kies een wachtwoord van minstens {PASSWORD_MIN} tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden. Daarna
        wordt u overal uitgelogd en logt u in met het nieuwe wachtwoord.
      </Paragraph>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <TextField label="Nieuw wachtwoord" field={fields.password} type="password" autoComplete="new-password" />
        <TextField label="Nieuw wachtwoord nog een keer" field={fields.passwordRepeat} type="password" autoComplete="new-password" />
        <Button>Wachtwoord opslaan</Button>
      </Form>
    </div>
  );
}
