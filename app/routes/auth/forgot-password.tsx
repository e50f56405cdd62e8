import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/forgot-password";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { afterResponse } from "~/flows/after-response.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { limitPerEmail } from "~/flows/rate-limit.server";
import { portalOrigin } from "~/mail/links.server";
import { forgotPasswordSchema } from "~/models/admin.schema";
import { requestPasswordReset } from "~/models/password-reset.server";
import { RateLimitedError } from "~/models/rate-limit.server";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Wachtwoord vergeten - MVOI-portaal" }];

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await limitPerEmail("reset-email", submission.value.email);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return data(
      { result: submission.reply({ fieldErrors: { email: [error.message] } }) },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  // The same answer, after the same work, whether or not the address has an account: looking the
  // account up and writing the link happen after the answer is sent, so its timing tells nothing.
  const args = { email: submission.value.email, origin: portalOrigin(request), ip: context.get(requestInfoContext).ip };
  afterResponse("password reset", async () => {
    await requestPasswordReset(getDb(), args);
    deliverMailSoon();
  });
  return redirect("/wachtwoord-vergeten?verstuurd");
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: { email: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  if (searchParams.has("verstuurd")) {
    return (
      <div className="mvoi-container mvoi-narrow">
        <Heading level={1}>Kijk in uw e-mail</Heading>
        <Alert type="ok">Als dit e-mailadres bij een account hoort, hebben wij er een link naartoe gestuurd.</Alert>
        <Paragraph>
          Met de link stelt u een nieuw wachtwoord in. De link werkt één keer en is 1 uur geldig. Geen e-mail gekregen? Kijk ook bij uw
          ongewenste e-mail, of vraag het over een paar minuten opnieuw.
        </Paragraph>
        <Paragraph>
          <Link to="/inloggen">Terug naar inloggen</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Wachtwoord vergeten</Heading>
      <Paragraph>Vul het e-mailadres van uw account in. Wij sturen u een link om een nieuw wachtwoord in te stellen.</Paragraph>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <TextField label="E-mailadres" field={fields.email} type="email" autoComplete="username" />
        <Button>Stuur mij een link</Button>
      </Form>
      <Paragraph>
        <Link to="/inloggen">Terug naar inloggen</Link>
      </Paragraph>
    </div>
  );
}
