import { useRestoredResult } from "~/components/forms/restored-input";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/invite";
import { ROLE_LABELS } from "~/auth/permissions";
import { ErrorSummary, summaryFromConform } from "~/components/forms/error-summary";
import { ChoiceGroup, SelectField, TextField } from "~/components/forms/text-field";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { deliverMailSoon } from "~/flows/mail-delivery.server";
import { limitPerEmail } from "~/flows/rate-limit.server";
import { portalOrigin } from "~/mail/links.server";
import { ASSIGNABLE_ROLES, INVITATION_DAYS, invitationSchema } from "~/models/admin.schema";
import { createInvitation, InvitationError } from "~/models/invitation.server";
import { listOrganisationsForAdmin } from "~/models/organisation-admin.server";
import { RateLimitedError } from "~/models/rate-limit.server";
import { adminActor } from "./admin.server";
import { retryAfterHeaders } from "~/utils/retry-after";

export const headers: Route.HeadersFunction = retryAfterHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Gebruiker uitnodigen - Beheer - MVOI-portaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const organisations = await listOrganisationsForAdmin(getDb(), { status: "actief" });
  const preset = Number(new URL(request.url).searchParams.get("organisatie"));
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    preset: organisations.some((o) => o.id === preset) ? String(preset) : "",
  };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const submission = parseWithZod(await args.request.formData(), { schema: invitationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await limitPerEmail("invitation-email", submission.value.email);
    await createInvitation(db, { actor, ...submission.value, origin: portalOrigin(args.request) });
  } catch (error) {
    if (error instanceof RateLimitedError)
      return data(
        { result: submission.reply({ fieldErrors: { email: [error.message] } }) },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    if (error instanceof InvitationError)
      return data({ result: submission.reply({ fieldErrors: { organisationId: [error.message] } }) }, { status: 400 });
    throw error;
  }
  deliverMailSoon();
  return redirect(`/beheer/gebruikers?uitgenodigd=${encodeURIComponent(submission.value.email)}`);
}

const ROLE_HELP: Record<(typeof ASSIGNABLE_ROLES)[number], string> = {
  editor: "stelt het actieplan en de rapportage op en dient ze in",
  viewer: "kan alles van de organisatie lezen, maar niets wijzigen",
  reviewer: "beoordeelt en bekijkt alle organisaties",
  admin: "beheert organisaties, gebruikers en rapportagejaren",
};

export default function Invite({ loaderData, actionData }: Route.ComponentProps) {
  const restoredResult = useRestoredResult();
  const [form, fields] = useForm({
    id: "uitnodiging",
    lastResult: actionData?.result ?? restoredResult,
    defaultValue: { organisationId: loaderData.preset, role: "editor" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: invitationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mvoi-container mvoi-narrow">
      <Paragraph>
        <Link to="/beheer/gebruikers">Terug naar gebruikers</Link>
      </Paragraph>
      <Heading level={1}>Gebruiker uitnodigen</Heading>
      <Paragraph>
        De persoon krijgt een e-mail met een link. Daarmee maakt hij of zij een account aan, of koppelt een bestaand account aan de
        organisatie. De link werkt één keer en is {INVITATION_DAYS} dagen geldig.
      </Paragraph>
      <Form method="post" {...getFormProps(form)} className="mvoi-form">
        <ErrorSummary errors={summaryFromConform(form.id, form.allErrors)} />
        <TextField label="E-mailadres" field={fields.email} type="email" autoComplete="off" />
        <SelectField
          label="Organisatie"
          field={fields.organisationId}
          options={loaderData.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <ChoiceGroup
          legend="Rol"
          type="radio"
          field={fields.role}
          options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]}: ${ROLE_HELP[r]}` }))}
        />
        <Button>Uitnodiging versturen</Button>
      </Form>
    </div>
  );
}
