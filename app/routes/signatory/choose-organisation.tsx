import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/choose-organisation";
import { requireUser } from "~/flows/guards.server";
import { Alert } from "~/components/ui/alert";
import { ErrorSummary } from "~/components/forms/error-summary";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";
import { requestInfoContext } from "~/context";
import { getDb } from "~/database/instance.server";
import { recordAuditEvent } from "~/models/audit.server";
import { getActableOrganisation, listActableOrganisations } from "~/models/organisation.server";
import { setActingOrganisation } from "~/models/session.server";

export const meta: Route.MetaFunction = () => [{ title: "Kies een organisatie - MVOI-portaal" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const organisations = await listActableOrganisations(getDb(), { userId: user.id });
  // Someone who acts for one organisation only does not need to choose.
  if (organisations.length === 1) throw redirect(`/organisatie/${organisations[0]!.slug}`);
  return { organisations, actingOrganisationId: user.actingOrganisationId };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const slug = form.get("organisatie");
  if (typeof slug !== "string" || slug.length === 0) {
    return data({ error: "Kies de organisatie waarvoor u wilt werken.", chosen: null }, { status: 400 });
  }
  const db = getDb();
  const organisation = slug.length > 100 ? null : await getActableOrganisation(db, { userId: user.id, slug });
  // Not in the list: a slug that does not exist and one the user may not act for get the same
  // answer (the chooser again, with a message), so the answer tells nothing about other organisations.
  if (!organisation) {
    return data({ error: "Kies een van de organisaties in de lijst.", chosen: slug.slice(0, 100) }, { status: 400 });
  }
  await setActingOrganisation(db, { idHash: user.sessionIdHash, organisationId: organisation.id });
  await recordAuditEvent(db, {
    action: "acting_for.chosen",
    userId: user.id,
    userEmail: user.email,
    actingOrganisationId: organisation.id,
    objectType: "organisation",
    objectId: organisation.id,
    ip: context.get(requestInfoContext).ip,
  });
  return redirect(`/organisatie/${organisation.slug}`);
}

export default function ChooseOrganisation({ loaderData, actionData }: Route.ComponentProps) {
  const { organisations, actingOrganisationId } = loaderData;
  const error = actionData?.error;
  // After a refused choice, keep what was chosen (when it is in the list at all).
  const checked = (slug: string, id: number) => (actionData ? actionData.chosen === slug : id === actingOrganisationId);
  return (
    <div className="mvoi-container">
      <Heading level={1}>Voor welke organisatie werkt u?</Heading>
      <ErrorSummary errors={error && organisations[0] ? [{ message: error, href: `#organisatie-${organisations[0].slug}` }] : []} />
      <Paragraph lead>
        U mag het actieplan en de rapportages verzorgen van de organisaties hieronder. Alles wat u doet, wordt vastgelegd als gedaan door u
        namens de organisatie die u kiest.
      </Paragraph>
      {organisations.length === 0 ? (
        <Alert type="info">U bent nog niet gekoppeld aan een organisatie. Vraag de beheerder om u toe te voegen.</Alert>
      ) : (
        <Form method="post" className="mvoi-form">
          <fieldset
            className={["utrecht-form-fieldset", "mvoi-fieldset", error ? "utrecht-form-fieldset--invalid" : ""].join(" ")}
            aria-describedby={error ? "organisatie-fout" : undefined}
          >
            <legend className="utrecht-form-fieldset__legend">Organisatie</legend>
            {error ? (
              <div className="utrecht-form-field__error-message" id="organisatie-fout">
                {error}
              </div>
            ) : null}
            <div className="mvoi-radio-list">
              {organisations.map((o) => (
                <div className="utrecht-form-field utrecht-form-field--radio" key={o.id}>
                  <div className="utrecht-form-field__input">
                    <input
                      className="utrecht-radio-button utrecht-radio-button--html-input"
                      type="radio"
                      name="organisatie"
                      id={`organisatie-${o.slug}`}
                      value={o.slug}
                      defaultChecked={checked(o.slug, o.id)}
                      // No `required`: the browser would draw every radio as wrong before anyone
                      // chose; the server answers an empty choice with a message instead.
                      aria-invalid={error ? true : undefined}
                    />
                  </div>
                  <div className="utrecht-form-field__label utrecht-form-field__label--radio">
                    <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`organisatie-${o.slug}`}>
                      {o.name}
                      {o.signed_via_name ? <span className="mvoi-muted"> (getekend via {o.signed_via_name})</span> : null}
                    </label>
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
          <Button>Verder</Button>
        </Form>
      )}
    </div>
  );
}
