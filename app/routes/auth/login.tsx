import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useEffect, useState } from "react";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/login";
import { loginSchema } from "~/auth/login.schema";
import { login, refusalInit } from "~/flows/login.server";
import { homePathFor, safeRedirectPath, audiencesFor } from "~/auth/permissions";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { currentUserContext, requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { listMembershipsForUser } from "~/models/user.server";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Inloggen - MVOI-portaal" }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = context.get(currentUserContext);
  if (user) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirectPath(redirectTo, homePathFor(user.audiences)));
  }
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  // remix-auth reads the body itself, so Conform parses a clone.
  const formData = await request.clone().formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { ip } = context.get(requestInfoContext);
  const result = await login({ request, email: submission.value.email, ip, redirectTo: submission.value.redirectTo });
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: [result.message], hideFields: ["password"] }) }, refusalInit(result.throttled));
  }
  // A second step (code from the app, or setting the app up) before there is a session.
  if (result.next === "code") return redirect("/inloggen/code", { headers: { "Set-Cookie": result.setCookie } });
  if (result.next === "setup") return redirect("/inloggen/instellen", { headers: { "Set-Cookie": result.setCookie } });
  const memberships = await listMembershipsForUser(getDb(), { userId: result.user.id });
  const home = homePathFor(audiencesFor(memberships.map((m) => m.role)));
  return redirect(safeRedirectPath(submission.value.redirectTo, home), { headers: { "Set-Cookie": result.setCookie } });
}

/** After a form was posted with a timed-out session (app/flows/kept-input.server.ts). */
const KEPT_NOTICES: Record<string, string> = {
  bewaard:
    "U was te lang niet actief, daarom bent u uitgelogd. Wat u had ingevuld, is nog niet opgeslagen, maar wel bewaard. Log opnieuw in; daarna ziet u het formulier weer, ingevuld.",
  "bewaard-zonder-bestand":
    "U was te lang niet actief, daarom bent u uitgelogd. Wat u had ingevuld, is nog niet opgeslagen, maar wel bewaard. Een gekozen bestand bewaren we niet: kies dat na het inloggen opnieuw.",
  "te-groot":
    "U was te lang niet actief, daarom bent u uitgelogd. Wat u had ingevuld, is niet opgeslagen en kon niet worden bewaard. Log opnieuw in en vul het formulier opnieuw in.",
};

export default function Login({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { email: searchParams.get("email") ?? "" },
    constraint: { email: { required: true }, password: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  // After a failed attempt the password field starts empty again, also when JavaScript kept the
  // page: a new key remounts the input with its (hidden, so empty) default value.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (actionData) setAttempt((n) => n + 1);
  }, [actionData]);
  const invoer = searchParams.get("invoer") ?? "";
  const kept = Object.hasOwn(KEPT_NOTICES, invoer) ? KEPT_NOTICES[invoer] : undefined;
  const notice = searchParams.has("uitgelogd")
    ? "U bent uitgelogd."
    : searchParams.has("verlopen")
      ? "Uw sessie is verlopen. Log opnieuw in."
      : searchParams.has("wachtwoord-gewijzigd")
        ? "Uw wachtwoord is gewijzigd. U bent overal uitgelogd. Log in met uw nieuwe wachtwoord."
        : searchParams.has("uitnodiging-geaccepteerd")
          ? "De uitnodiging is geaccepteerd. Log in om verder te gaan."
          : searchParams.has("tweede-stap")
            ? "Voor deze pagina heeft u ook een code uit de app op uw telefoon nodig. Log opnieuw in. Daarna vragen we de code, of helpen we u de app in te stellen."
            : null;

  return (
    <div className="mvoi-container mvoi-narrow">
      <Heading level={1}>Inloggen</Heading>
      {kept ? <Alert type="warning">{kept}</Alert> : null}
      {notice && !form.errors ? <Alert type="ok">{notice}</Alert> : null}
      {form.errors?.length ? (
        <Alert type="error" id={form.errorId}>
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      {/* A field left empty or wrongly filled in: the summary, as on every other form. */}
      <ErrorSummary errors={summaryFromConform(form.id, form.allErrors).filter((e) => e.href)} />
      <Paragraph>Log in met het e-mailadres en wachtwoord van uw account voor het MVOI-portaal.</Paragraph>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField label="E-mailadres" field={fields.email} type="email" autoComplete="username" />
        <div key={attempt} className="mvoi-form__field">
          <TextField label="Wachtwoord" field={fields.password} type="password" autoComplete="current-password" />
        </div>
        <Button>Inloggen</Button>
      </Form>
      <Paragraph>
        <Link to="/wachtwoord-vergeten">Wachtwoord vergeten?</Link>
      </Paragraph>
    </div>
  );
}
