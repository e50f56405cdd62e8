import type { ReactNode } from "react";
import { Form } from "react-router";
import { Button } from "~/components/ui/button";
import { Heading, Paragraph } from "~/components/ui/typography";

/**
 * The ministry's decision on a submitted version of a plan or a report: accept it, or return it
 * with a reason. `reasonField` is the page's own field for the reason (named "reason"), so each
 * page keeps its own validation; `returnForm` is spread on the return form (Conform's props).
 */
export function ReviewPanel({
  versionNumber,
  acceptText,
  reasonField,
  returnForm = {},
}: {
  versionNumber: number;
  acceptText?: string;
  reasonField: ReactNode;
  returnForm?: Record<string, unknown>;
}) {
  return (
    <section aria-labelledby="beoordelen" className="mvoi-review">
      <Heading level={2} id="beoordelen">
        Beoordelen
      </Heading>
      <Form method="post" className="mvoi-form">
        <input type="hidden" name="version" value={versionNumber} />
        {acceptText ? <Paragraph>{acceptText}</Paragraph> : null}
        <Button name="intent" value="accept">
          Accepteren
        </Button>
      </Form>
      <Form method="post" {...returnForm} className="mvoi-form">
        <input type="hidden" name="version" value={versionNumber} />
        {reasonField}
        <Button appearance="secondary" name="intent" value="return">
          Terugsturen
        </Button>
      </Form>
    </section>
  );
}
