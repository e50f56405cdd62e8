import type { ReactNode } from "react";
import { DataList } from "~/components/ui/data-list";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { ExternalLink, Heading, Paragraph } from "~/components/ui/typography";
import { ACTION_STATUS_LABELS, periodYears, SECTIONS, type PlanDocument, type PlanSection } from "~/models/action-plan.schema";
import { CRITERIA_LABELS, stepLabel, THEME_NAMES } from "~/models/theme";
import { formatDecimal, formatEuro } from "~/utils/number";
import { formatDate } from "~/utils/time";

const sectionTitle = (key: PlanSection) => SECTIONS.find((s) => s.key === key)!.title;

/**
 * The whole plan, read-only: used on "controleer uw gegevens", on earlier versions and on the
 * ministry's review page. `editHref` adds a "Wijzigen" link per section (drafts only).
 */
export function PlanView({
  doc,
  fileHref,
  editHref,
  headingLevel = 2,
}: {
  doc: PlanDocument;
  fileHref?: string;
  editHref?: (section: PlanSection) => string;
  headingLevel?: 2 | 3;
}) {
  const years = periodYears(doc);
  const chosen = doc.themes.filter((t) => t.chosen);
  const SectionHeading = ({ section }: { section: PlanSection }) => (
    <div className="mvoi-section-heading">
      <Heading level={headingLevel}>{sectionTitle(section)}</Heading>
      {editHref ? (
        <a className="nl-link" href={editHref(section)}>
          Wijzigen<span className="rhc-visually-hidden"> ({sectionTitle(section).toLowerCase()})</span>
        </a>
      ) : null}
    </div>
  );
  const fileValue: ReactNode = doc.file ? (
    fileHref ? (
      <a className="nl-link" href={fileHref}>
        {doc.file.name} (pdf, {Math.max(1, Math.round(doc.file.size / 1024))} kB)
      </a>
    ) : (
      doc.file.name
    )
  ) : (
    "Geen"
  );

  return (
    <div className="mvoi-plan-view">
      <SectionHeading section="algemeen" />
      <DataList
        items={[
          {
            key: "Looptijd",
            value: doc.periodStartYear && doc.periodEndYear ? `${doc.periodStartYear} tot en met ${doc.periodEndYear}` : "Niet ingevuld",
          },
          {
            key: "Vastgesteld door het bestuur",
            value:
              doc.adoptedState === "adopted"
                ? `Ja, op ${formatDate(doc.adoptedOn)}`
                : doc.adoptedState === "not_yet"
                  ? "Nog niet"
                  : "Niet ingevuld",
          },
          {
            key: "Link naar het plan",
            value: doc.publishedUrl ? <ExternalLink href={doc.publishedUrl}>{doc.publishedUrl}</ExternalLink> : "Geen",
          },
          { key: "Pdf van het plan", value: fileValue },
        ]}
      />

      <SectionHeading section="themas" />
      {chosen.length === 0 ? (
        <Paragraph>Er is nog geen thema gekozen.</Paragraph>
      ) : (
        <Table
          caption="Gekozen thema's met huidige stap, doelstap per jaar en niveau van de criteria"
          head={
            <Tr>
              <Th>Thema</Th>
              <Th>Huidige stap</Th>
              {years.map((y) => (
                <Th key={y}>Doel {y}</Th>
              ))}
              <Th>Criteria</Th>
            </Tr>
          }
        >
          {chosen.map((t) => (
            <Tr key={t.theme}>
              <Td>{THEME_NAMES[t.theme]}</Td>
              <Td>{stepLabel(t.currentStep)}</Td>
              {years.map((y) => (
                <Td key={y}>{t.targets[y] ? stepLabel(t.targets[y]) : "—"}</Td>
              ))}
              <Td>{t.criteriaLevel ? CRITERIA_LABELS[t.criteriaLevel] : "—"}</Td>
            </Tr>
          ))}
        </Table>
      )}
      {doc.themes.length - chosen.length > 0 ? (
        <Paragraph>
          Niet gekozen:{" "}
          {doc.themes
            .filter((t) => !t.chosen)
            .map((t) => THEME_NAMES[t.theme])
            .join(", ")}
          .
        </Paragraph>
      ) : null}
      {chosen.length > 0 ? (
        <>
          {/* The ambitions in full, under the table rather than in a narrow last column of it. */}
          <Heading level={headingLevel === 2 ? 3 : 4}>Ambitie per thema</Heading>
          <DataList items={chosen.map((t) => ({ key: THEME_NAMES[t.theme], value: t.ambition ?? "Geen ambitie beschreven." }))} />
        </>
      ) : null}

      <SectionHeading section="acties" />
      {doc.actions.length === 0 ? (
        <Paragraph>Er zijn nog geen acties.</Paragraph>
      ) : (
        <Table
          caption={`${doc.actions.length} acties, in volgorde`}
          head={
            <Tr>
              <Th>Nr.</Th>
              <Th>Actie</Th>
              <Th>Thema's</Th>
              <Th>Eigenaar</Th>
              <Th>Gepland</Th>
              <Th>Stand</Th>
            </Tr>
          }
        >
          {doc.actions.map((a, i) => (
            <Tr key={a.id}>
              <Td>{i + 1}</Td>
              <Td>{a.title}</Td>
              <Td>{a.themes.map((t) => THEME_NAMES[t]).join(", ") || "—"}</Td>
              <Td>{a.owner ?? "—"}</Td>
              <Td>{a.plannedYear ? `${a.plannedYear}${a.plannedQuarter ? `, kwartaal ${a.plannedQuarter}` : ""}` : "—"}</Td>
              <Td>{ACTION_STATUS_LABELS[a.status]}</Td>
            </Tr>
          ))}
        </Table>
      )}

      <SectionHeading section="middelen" />
      <DataList
        items={[
          { key: "Budget", value: doc.budgetEur == null ? "Niet ingevuld" : formatEuro(doc.budgetEur) },
          { key: "Personele inzet", value: doc.staffFte == null ? "Niet ingevuld" : `${formatDecimal(doc.staffFte)} fte` },
        ]}
      />
    </div>
  );
}
