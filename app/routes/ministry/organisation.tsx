import { data } from "react-router";
import type { Route } from "./+types/organisation";
import { OrganisationDetails } from "~/components/organisation/organisation-details";
import { ExternalLink, Heading, Link, Paragraph, UnorderedList } from "~/components/ui/typography";
import { getDb } from "~/db.server";
import { getOrganisationBySlug } from "~/models/organisation.server";

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: `${loaderData?.organisation.name ?? "Organisatie"} - Ministerie - MVOI-portaal` },
];

export async function loader({ params }: Route.LoaderArgs) {
  const organisation = await getOrganisationBySlug(getDb(), { slug: params.slug });
  if (!organisation) throw data({ message: "Niet gevonden" }, { status: 404 });
  return { organisation };
}

export default function MinistryOrganisation({ loaderData }: Route.ComponentProps) {
  const { organisation } = loaderData;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to="/ministerie">Terug naar alle ondertekenaars</Link>
      </Paragraph>
      <Heading level={1}>{organisation.name}</Heading>
      <OrganisationDetails
        organisation={organisation}
        signedVia={
          organisation.signed_via_slug ? (
            <Link to={`/ministerie/organisaties/${organisation.signed_via_slug}`}>{organisation.signed_via_name}</Link>
          ) : undefined
        }
        extra={[
          {
            key: "Bron",
            value: organisation.source_url ? <ExternalLink href={organisation.source_url}>{organisation.source_url}</ExternalLink> : "—",
          },
        ]}
      />
      {organisation.covers.length > 0 ? (
        <>
          <Heading level={2}>Tekent ook voor ({organisation.covers.length})</Heading>
          <UnorderedList>
            {organisation.covers.map((c) => (
              <li className="utrecht-unordered-list__item" key={c.slug}>
                <Link to={`/ministerie/organisaties/${c.slug}`}>{c.name}</Link>
              </li>
            ))}
          </UnorderedList>
        </>
      ) : null}
    </div>
  );
}
