import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { codeSchema } from "~/auth/mfa.schema";
import { TextField } from "~/components/forms/text-field";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";

export type SetupViewData = { secretGrouped: string; qrDataUrl: string; email: string };

/**
 * Setting up an authenticator app: the QR code, the same secret to type over (grouped by four,
 * announced as a key), and the first code to confirm. Works without JavaScript.
 */
export function MfaSetup({
  view,
  lastResult,
  submitLabel,
}: {
  view: SetupViewData;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "mfa-setup",
    lastResult,
    constraint: { code: { required: true } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <>
      <ol className="utrecht-ordered-list mvoi-steps">
        <li className="utrecht-ordered-list__item">
          Installeer een authenticator-app op uw telefoon, als u die nog niet heeft. Bijvoorbeeld Microsoft Authenticator, Google
          Authenticator of FreeOTP.
        </li>
        <li className="utrecht-ordered-list__item">
          Kies in de app voor een nieuw account toevoegen en scan deze QR-code:
          <img
            className="mvoi-qr"
            src={view.qrDataUrl}
            width={200}
            height={200}
            alt={`QR-code om het MVOI-portaal voor ${view.email} toe te voegen aan uw authenticator-app`}
          />
          <span className="mvoi-block">Scannen lukt niet? Typ dan deze sleutel over in de app (spaties hoeven niet):</span>
          <span className="mvoi-secret" id="mfa-sleutel">
            <span className="rhc-visually-hidden">Sleutel, in groepen van vier tekens: </span>
            <code data-testid="mfa-secret">{view.secretGrouped}</code>
          </span>
          <span className="mvoi-block">Accountnaam: {view.email}. Soort: op tijd gebaseerd.</span>
        </li>
        <li className="utrecht-ordered-list__item">Vul hieronder de code van 6 cijfers in die de app nu laat zien.</li>
      </ol>
      {form.errors?.length ? (
        <Alert type="error" id={form.errorId}>
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <CodeField field={fields.code} />
        <Button>{submitLabel}</Button>
      </Form>
    </>
  );
}

/** The six digits from the app: numeric keyboard on phones, and the browser may fill it in. */
export function CodeField({ field, label = "Code uit de app" }: { field: Parameters<typeof TextField>[0]["field"]; label?: string }) {
  return <TextField label={label} field={field} autoComplete="one-time-code" inputMode="numeric" size="small" />;
}

/** The ten recovery codes, shown once. */
export function RecoveryCodes({ codes, children }: { codes: string[]; children?: ReactNode }) {
  return (
    <>
      <Heading level={2}>Uw herstelcodes</Heading>
      <Alert type="warning">
        Schrijf deze codes op of bewaar ze op een veilige plek. U ziet ze alleen nu. Heeft u uw telefoon niet bij de hand? Dan kunt u met
        een herstelcode inloggen. Elke code werkt één keer.
      </Alert>
      <ol className="utrecht-ordered-list mvoi-recovery-codes" aria-label="Herstelcodes">
        {codes.map((code) => (
          <li key={code} className="utrecht-ordered-list__item">
            <code>{code}</code>
          </li>
        ))}
      </ol>
      {children}
    </>
  );
}

export function ExpiredLogin({ message }: { message: string }) {
  return (
    <>
      <Alert type="warning">{message}</Alert>
      <Paragraph>
        <a className="nl-link" href="/inloggen">
          Opnieuw inloggen
        </a>
      </Paragraph>
    </>
  );
}
