import { data } from "react-router";
import { Lateness } from "~/components/document/lateness";
import type { Route } from "./+types/organisation";
import { formatDate } from "~/utils/time";
import { OrganisationDetails } from "~/components/organisation/organisation-details";
import { ExternalLink, Heading, Link, Paragraph, UnorderedList } from "~/components/ui/typography";
import { getDb } from "~/database/instance.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { organisationHistory } from "~/models/aggregates.server";
import { PlanStatusTag } from "~/components/document/status";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { stepLabel, THEMES } from "~/models/theme";

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  { title: `${loaderData?.organisation.name ?? "Organisatie"} - Ministerie - MVOI-portaal` },
];

export async function loader({ params }: Route.LoaderArgs) {
  const db = getDb();
  const organisation = await getOrganisationBySlug(db, { slug: params.slug });
  if (!organisation) throw data({ message: "Niet gevonden" }, { status: 404 });
  return { organisation, history: await organisationHistory(db, { organisationId: organisation.id }) };
}

export default function MinistryOrganisation({ loaderData }: Route.ComponentProps) {
  const { organisation, history } = loaderData;
  const years = history.reports.map((r) => r.year);
  const themes = THEMES.filter((t) => history.targets.some((x) => x.theme === t.code) || history.reached.some((x) => x.section === t.code));
  const reachedOf = (theme: string, year: number) => {
    const r = history.reached.find((x) => x.section === theme && x.year === year);
    return !r ? "—" : r.state === "value" ? stepLabel(r.step) : r.state === "unknown" ? "onbekend" : "n.v.t.";
  };
  const targetOf = (theme: string, year: number) => history.targets.find((x) => x.theme === theme && x.year === year)?.target_step;
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
      <Heading level={2}>Actieplan en rapportages</Heading>
      <Paragraph>
        Actieplan:{" "}
        {history.plan ? (
          <Link to={`/ministerie/actieplannen/${organisation.slug}?versie=${history.plan.number}`}>
            versie {history.plan.number} (<PlanStatusTag status={history.plan.status} />)
          </Link>
        ) : (
          "nog geen ingediend plan"
        )}
      </Paragraph>
      <Table
        caption="Jaarrapportages per jaar"
        head={
          <Tr>
            <Th>Jaar</Th>
            <Th>Status</Th>
            <Th>Ingediend</Th>
          </Tr>
        }
      >
        {history.reports.map((r) => (
          <Tr key={r.year}>
            <Td>
              {r.status === "none" || r.status === "draft" ? (
                r.year
              ) : (
                <Link to={`/ministerie/rapportages/${organisation.slug}/${r.year}`}>Rapportage {r.year}</Link>
              )}
            </Td>
            <Td>
              <PlanStatusTag status={r.status} />
              <Lateness late={r.late} submitted={r.submitted} />
            </Td>
            <Td>{r.submitted_at ? formatDate(r.submitted_at) : "—"}</Td>
          </Tr>
        ))}
      </Table>
      {themes.length ? (
        <Table
          caption="Plan tegenover werkelijkheid: de doelstap uit het actieplan en de bereikte stap uit de rapportage, per thema en jaar"
          head={
            <Tr>
              <Th>Thema</Th>
              {years.map((y) => (
                <Th key={y}>{y}: doel / bereikt</Th>
              ))}
            </Tr>
          }
        >
          {themes.map((t) => (
            <Tr key={t.code}>
              <Td>{t.name}</Td>
              {years.map((y) => (
                <Td key={y}>
                  {targetOf(t.code, y) ? stepLabel(targetOf(t.code, y)) : "—"} / {reachedOf(t.code, y)}
                </Td>
              ))}
            </Tr>
          ))}
        </Table>
      ) : null}
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
