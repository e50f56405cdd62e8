import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Paragraph } from "~/components/ui/typography";
import type { PlanChange } from "~/models/action-plan.diff";
import { SECTIONS } from "~/models/action-plan.schema";

export function PlanDiff({ changes, from, to }: { changes: PlanChange[]; from: number; to: number }) {
  if (changes.length === 0)
    return (
      <Paragraph>
        Versie {from} en versie {to} zijn gelijk.
      </Paragraph>
    );
  return (
    <Table
      caption={`${changes.length} verschillen tussen versie ${from} en versie ${to}`}
      head={
        <Tr>
          <Th>Onderdeel</Th>
          <Th>Gegeven</Th>
          <Th>Versie {from}</Th>
          <Th>Versie {to}</Th>
        </Tr>
      }
    >
      {changes.map((c, i) => (
        <Tr key={i}>
          <Td>{SECTIONS.find((s) => s.key === c.section)!.title.split(":")[0]}</Td>
          <Td>{c.label}</Td>
          <Td>
            <del className="mvoi-diff-before">
              <span className="rhc-visually-hidden">Was: </span>
              {c.before}
            </del>
          </Td>
          <Td>
            <ins className="mvoi-diff-after">
              <span className="rhc-visually-hidden">Wordt: </span>
              {c.after}
            </ins>
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
