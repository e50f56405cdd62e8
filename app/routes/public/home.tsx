import { redirect } from "react-router";
import type { Route } from "./+types/home";
import { homePathFor } from "~/auth/permissions";
import { ButtonLink } from "~/components/ui/button";
import { Heading, Paragraph, UnorderedList } from "~/components/ui/typography";
import { currentUserContext } from "~/context";

export const meta: Route.MetaFunction = () => [
  { title: "MVOI-portaal" },
  { name: "description", content: "Actieplannen en jaarrapportages Maatschappelijk Verantwoord Opdrachtgeven en Inkopen" },
];

/** Logged-in users go straight to their own home; visitors see what the portal is for. */
export function loader({ context }: Route.LoaderArgs) {
  const user = context.get(currentUserContext);
  if (user) throw redirect(homePathFor(user.audiences));
  return null;
}

export default function Home() {
  return (
    <div className="mvoi-container mvoi-prose">
      <Heading level={1}>MVOI-portaal</Heading>
      <Paragraph lead>
        Overheden die het Manifest Maatschappelijk Verantwoord Opdrachtgeven en Inkopen (MVOI) hebben ondertekend, leveren hier hun
        actieplan en hun jaarlijkse rapportage aan bij het Rijk.
      </Paragraph>
      <Heading level={2}>Wat kunt u hier doen?</Heading>
      <UnorderedList>
        <li className="utrecht-unordered-list__item">uw actieplan MVOI opstellen en indienen;</li>
        <li className="utrecht-unordered-list__item">elk jaar uw resultaten rapporteren en de cijfers van vorig jaar bekijken;</li>
        <li className="utrecht-unordered-list__item">
          namens een andere organisatie werken, als uw organisatie voor haar heeft getekend (zoals de Unie van Waterschappen voor de
          waterschappen).
        </li>
      </UnorderedList>
      <Paragraph>U heeft een account nodig. Dat krijgt u via de beheerder van het portaal.</Paragraph>
      <ButtonLink to="/inloggen">Inloggen</ButtonLink>
    </div>
  );
}
