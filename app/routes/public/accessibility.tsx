import type { Route } from "./+types/accessibility";
import { Heading, Paragraph, UnorderedList } from "~/components/ui/typography";

export const meta: Route.MetaFunction = () => [{ title: "Toegankelijkheid - MVOI-portaal" }];

export default function Accessibility() {
  return (
    <div className="mvoi-container mvoi-prose">
      <Heading level={1}>Toegankelijkheidsverklaring</Heading>
      <Paragraph lead>
        Het ministerie van Infrastructuur en Waterstaat wil dat iedereen het MVOI-portaal kan gebruiken. Het portaal moet voldoen aan de
        Europese norm EN 301 549 en de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA.
      </Paragraph>
      <Heading level={2}>Hoe wij dit controleren</Heading>
      <UnorderedList>
        <li className="utrecht-unordered-list__item">
          Bij elke wijziging worden alle pagina's automatisch getoetst met axe, in een echte browser.
        </li>
        <li className="utrecht-unordered-list__item">Alle pagina's zijn met alleen een toetsenbord te bedienen.</li>
        <li className="utrecht-unordered-list__item">Formulieren werken ook zonder JavaScript.</li>
      </UnorderedList>
      <Heading level={2}>Status</Heading>
      <Paragraph>
        Er is nog geen onderzoek door een onafhankelijke deskundige gedaan. Zolang dat niet is gebeurd, is de status van deze verklaring:{" "}
        <strong>voldoet gedeeltelijk</strong> (eerste maatregelen genomen).
      </Paragraph>
      <Heading level={2}>Iets werkt niet?</Heading>
      <Paragraph>
        Kunt u iets niet gebruiken of lezen? Meld het ons via de helpdesk van PIANOo. U krijgt binnen vijf werkdagen een reactie.
      </Paragraph>
    </div>
  );
}
