import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/organisation";
import { OrganisationForm } from "~/components/admin/organisation-form";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Heading, Link, Paragraph, UnorderedList } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { organisationSchema } from "~/models/admin.schema";
import {
  getOrganisationForAdmin,
  listSigners,
  OrganisationFieldError,
  OrganisationNotFoundError,
  setOrganisationActive,
  updateOrganisation,
} from "~/models/organisation-admin.server";
import { adminActor, idParam, notFound } from "./admin.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.organisation.name ?? "Organisatie"} - Beheer - MVOI-portaal` }];

export async function loader({ params }: Route.LoaderArgs) {
  const db = getDb();
  const id = idParam(params.id, "Deze organisatie");
  const found = await getOrganisationForAdmin(db, { id });
  if (!found) throw notFound("Deze organisatie");
  return { ...found, signers: await listSigners(db, { exceptId: id }) };
}

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const id = idParam(args.params.id, "Deze organisatie");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "deactivate" || intent === "activate") {
      await setOrganisationActive(db, { actor, id, active: intent === "activate" });
      return redirect(`/beheer/organisaties/${id}?${intent === "activate" ? "ingeschakeld" : "uitgeschakeld"}`);
    }
    const submission = parseWithZod(formData, { schema: organisationSchema });
    if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
    try {
      await updateOrganisation(db, { actor, id, input: submission.value });
    } catch (error) {
      if (error instanceof OrganisationFieldError)
        return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 409 });
      throw error;
    }
    return redirect(`/beheer/organisaties/${id}?opgeslagen`);
  } catch (error) {
    if (error instanceof OrganisationNotFoundError) throw notFound("Deze organisatie");
    throw error;
  }
}

const NOTICES: Record<string, string> = {
  toegevoegd: "De organisatie is toegevoegd.",
  opgeslagen: "De wijzigingen zijn opgeslagen.",
  uitgeschakeld: "De organisatie is uitgeschakeld. Haar gegevens blijven bewaard.",
  ingeschakeld: "De organisatie is weer actief.",
};

export default function AdminOrganisation({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation: o, hasData, covers, signers } = loaderData;
  const [searchParams] = useSearchParams();
  const notice = Object.keys(NOTICES).find((k) => searchParams.has(k));
  return (
    <div className="mvoi-container mvoi-narrow">
      <Paragraph>
        <Link to="/beheer/organisaties">Terug naar organisaties</Link>
      </Paragraph>
      <Heading level={1}>{o.name}</Heading>
      {notice ? <Alert type="ok">{NOTICES[notice]}</Alert> : null}
      {!o.active ? (
        <Alert type="warning">
          Deze organisatie is uitgeschakeld: zij staat niet in de lijsten en overzichten en krijgt geen herinneringen.
        </Alert>
      ) : null}
      {covers.length ? (
        <>
          <Paragraph>Deze organisatie tekende ook voor:</Paragraph>
          <UnorderedList>
            {covers.map((c) => (
              <li key={c.id} className="utrecht-unordered-list__item">
                <Link to={`/beheer/organisaties/${c.id}`}>{c.name}</Link>
              </li>
            ))}
          </UnorderedList>
        </>
      ) : null}
      <Heading level={2}>Gegevens</Heading>
      <OrganisationForm
        id="organisatie"
        lastResult={actionData?.result}
        signers={signers}
        submitLabel="Wijzigingen opslaan"
        defaultValue={{
          name: o.name,
          kind: o.kind,
          sector: o.sector,
          signedViaId: o.signed_via_id ? String(o.signed_via_id) : "",
          signedAt: o.signed_at ?? "",
          sourceUrl: o.source_url ?? "",
        }}
      />
      <Heading level={2}>{o.active ? "Uitschakelen" : "Weer inschakelen"}</Heading>
      <Paragraph>
        {o.active
          ? `Een uitgeschakelde organisatie verdwijnt uit de lijsten, de overzichten van het ministerie en de herinneringen. ${hasData ? "Haar actieplannen, rapportages en gebruikers blijven bewaard." : ""}`
          : "Na inschakelen staat de organisatie weer in de lijsten en overzichten."}
      </Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value={o.active ? "deactivate" : "activate"} />
        <Button appearance="secondary">{o.active ? "Organisatie uitschakelen" : "Organisatie inschakelen"}</Button>
      </Form>
    </div>
  );
}
