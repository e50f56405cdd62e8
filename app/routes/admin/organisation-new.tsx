import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "react-router";
import type { Route } from "./+types/organisation-new";
import { OrganisationForm } from "~/components/admin/organisation-form";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { organisationSchema } from "~/models/admin.schema";
import { createOrganisation, OrganisationFieldError } from "~/models/organisation-admin.server";
import { listSigners } from "~/models/organisation-admin.server";
import { adminActor } from "./admin.server";

export const meta: Route.MetaFunction = () => [{ title: "Organisatie toevoegen - Beheer - MVOI-portaal" }];

export async function loader() {
  return { signers: await listSigners(getDb(), {}) };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const submission = parseWithZod(await args.request.formData(), { schema: organisationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const id = await createOrganisation(db, { actor, input: submission.value });
    return redirect(`/beheer/organisaties/${id}?toegevoegd`);
  } catch (error) {
    if (error instanceof OrganisationFieldError)
      return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 409 });
    throw error;
  }
}

export default function NewOrganisation({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mvoi-container mvoi-narrow">
      <Paragraph>
        <Link to="/beheer/organisaties">Terug naar organisaties</Link>
      </Paragraph>
      <Heading level={1}>Organisatie toevoegen</Heading>
      <OrganisationForm id="organisatie" lastResult={actionData?.result} signers={loaderData.signers} submitLabel="Organisatie toevoegen" />
    </div>
  );
}
