import type { Executor } from "~/database/connection.server";
import { reviewMail, type DocumentKind } from "~/mail/messages";
import { enqueueMail } from "~/models/mail.server";
import { listOrganisationContacts } from "~/models/user.server";

/** Tells the organisation's contacts that the ministry accepted or returned a plan or report. */
export async function notifyReview(
  trx: Executor,
  args: {
    kind: DocumentKind;
    decision: "accepted" | "returned";
    organisationId: number;
    year?: number;
    reason?: string;
    questions?: { about: string; text: string; answered?: boolean }[];
    origin: string;
  },
): Promise<number> {
  const organisation = await trx
    .selectFrom("organisation")
    .select(["name", "slug"])
    .where("id", "=", args.organisationId)
    .executeTakeFirstOrThrow();
  const path =
    args.kind === "plan" ? `/organisatie/${organisation.slug}/actieplan` : `/organisatie/${organisation.slug}/rapportage/${args.year}`;
  const content = reviewMail({ ...args, organisationName: organisation.name, link: new URL(path, args.origin).href });
  const contacts = await listOrganisationContacts(trx, { organisationId: args.organisationId });
  for (const contact of contacts) {
    await enqueueMail(trx, { kind: `${args.kind}-${args.decision}`, to: contact.email, content });
  }
  return contacts.length;
}
