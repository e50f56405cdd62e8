import type { Route } from "./+types/no-access";
import { requireUser } from "~/flows/guards.server";
import { Heading, Paragraph } from "~/components/ui/typography";

export const meta: Route.MetaFunction = () => [{ title: "Nog geen toegang - MVOI-portaal" }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireUser(context, request);
  return null;
}

/** A user without any membership: the account exists but nobody has given it a role yet. */
export default function NoAccess() {
  return (
    <div className="mvoi-container mvoi-prose">
      <Heading level={1}>U heeft nog geen toegang</Heading>
      <Paragraph>
        Uw account is niet gekoppeld aan een organisatie. Vraag de beheerder van het portaal om u toe te voegen aan uw organisatie.
      </Paragraph>
    </div>
  );
}
