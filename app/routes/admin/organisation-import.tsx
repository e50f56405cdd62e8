import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/organisation-import";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { Heading, Link, Paragraph } from "~/components/ui/typography";
import { IMPORT_HEADINGS } from "~/models/admin.schema";
import { SIGNED_ITSELF } from "~/models/organisation.labels";
import {
  applyOrganisationImport,
  ImportRefusedError,
  previewOrganisationImport,
  readImportFile,
  type ImportPreview,
} from "~/models/organisation-admin.server";
import { adminActor } from "./admin.server";

export const meta: Route.MetaFunction = () => [{ title: "Organisaties inlezen - Beheer - MVOI-portaal" }];

const MAX_FILE_BYTES = 512 * 1024;

type ActionResult = { error: string | null; preview: ImportPreview | null; csv: string };

export async function action(args: Route.ActionArgs) {
  const { db, actor } = adminActor(args);
  const formData = await args.request.formData();
  const fail = (error: string, csv = "", preview: ImportPreview | null = null) =>
    data<ActionResult>({ error, preview, csv }, { status: 400 });
  if (formData.get("intent") === "apply") {
    const csv = String(formData.get("csv") ?? "");
    try {
      const done = await applyOrganisationImport(db, { actor, csv });
      return redirect(
        `/beheer/organisaties?ingelezen=${encodeURIComponent(`${done.counts.added} toegevoegd, ${done.counts.changed} gewijzigd, ${done.counts.unchanged} ongewijzigd`)}`,
      );
    } catch (error) {
      if (error instanceof ImportRefusedError) return fail(error.message, csv, await previewOrganisationImport(db, { csv }));
      throw error;
    }
  }
  if (formData.get("intent") !== "preview") return fail("Onbekende handeling. Kies een CSV-bestand en klik op 'Bekijk wat er verandert'.");
  const file = formData.get("bestand");
  if (!(file instanceof File) || file.size === 0) return fail("Kies een CSV-bestand of Excel-werkmap.");
  if (file.size > MAX_FILE_BYTES) return fail("Het bestand is te groot: hoogstens 512 kB.");
  const read = await readImportFile(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return fail(read.message);
  const { csv } = read;
  const preview = await previewOrganisationImport(db, { csv });
  if (preview.fileError) return fail(preview.fileError);
  return data<ActionResult>({ error: null, preview: { rows: preview.rows, counts: preview.counts, fileError: null }, csv });
}

const OUTCOME: Record<string, string> = { added: "Nieuw", changed: "Gewijzigd", unchanged: "Ongewijzigd", invalid: "Fout" };

export default function OrganisationImport({ actionData }: Route.ComponentProps) {
  const preview = actionData?.preview;
  const canApply = preview && preview.counts.invalid === 0 && preview.counts.added + preview.counts.changed > 0;
  return (
    <div className="mvoi-container">
      <Paragraph>
        <Link to="/beheer/organisaties">Terug naar organisaties</Link>
      </Paragraph>
      <Heading level={1}>Organisaties inlezen uit een bestand</Heading>
      {actionData?.error ? (
        <Alert type="error" id="bestand-fout">
          {actionData.error}
        </Alert>
      ) : null}
      {!preview ? (
        <>
          <Paragraph>
            Kies een CSV-bestand (met komma&apos;s of puntkomma&apos;s, zoals Excel het opslaat) of een Excel-werkmap; uit een werkmap wordt
            het eerste blad gelezen. De eerste regel heeft de kolomnamen <strong>{IMPORT_HEADINGS.name}</strong>,{" "}
            <strong>{IMPORT_HEADINGS.kind}</strong> en <strong>{IMPORT_HEADINGS.sector}</strong>, en eventueel{" "}
            <strong>{IMPORT_HEADINGS.signed_via}</strong>, <strong>{IMPORT_HEADINGS.source}</strong> en{" "}
            <strong>{IMPORT_HEADINGS.signed_at}</strong> (een datum als 2022-11-24). De sector is bijvoorbeeld &quot;Gemeenten&quot; of
            &quot;Waterschappen&quot;; bij &quot;{IMPORT_HEADINGS.signed_via}&quot; staat de naam van de organisatie die voor deze tekende;
            leeg of &quot;{SIGNED_ITSELF}&quot; als de organisatie zelf tekende. De Engelse kolomnamen van de openbare lijst van
            ondertekenaars worden ook herkend. Organisaties worden op naam herkend: een bestaande naam wordt bijgewerkt, een nieuwe
            toegevoegd. U ziet eerst wat er verandert; er wordt pas iets opgeslagen als u daarna op &quot;Inlezen&quot; klikt.
          </Paragraph>
          <Form method="post" encType="multipart/form-data" className="mvoi-form">
            <input type="hidden" name="intent" value="preview" />
            <div className={`utrecht-form-field utrecht-form-field--text${actionData?.error ? " utrecht-form-field--invalid" : ""}`}>
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="bestand">
                  CSV-bestand of Excel-werkmap (hoogstens 512 kB)
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <input
                  id="bestand"
                  name="bestand"
                  type="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  required
                  aria-describedby={actionData?.error ? "bestand-fout" : undefined}
                  aria-invalid={actionData?.error ? true : undefined}
                />
              </div>
            </div>
            <Button>Bekijk wat er verandert</Button>
          </Form>
        </>
      ) : (
        <>
          <Heading level={2}>Wat er verandert</Heading>
          <Paragraph>
            {preview.counts.added} nieuw, {preview.counts.changed} gewijzigd, {preview.counts.unchanged} ongewijzigd
            {preview.counts.invalid ? `, ${preview.counts.invalid} met een fout` : ""}.
          </Paragraph>
          {preview.counts.invalid ? (
            <Alert type="error">
              Er zijn regels met een fout. Verbeter het bestand en lees het opnieuw in. Er wordt niets opgeslagen zolang één regel niet
              klopt.
            </Alert>
          ) : null}
          <Table
            caption="Elke regel van het bestand met wat ermee gebeurt"
            head={
              <Tr>
                <Th numeric>Regel</Th>
                <Th>Naam</Th>
                <Th>Resultaat</Th>
                <Th>Toelichting</Th>
              </Tr>
            }
          >
            {preview.rows.map((r) => (
              <Tr key={r.line}>
                <Td numeric>{r.line}</Td>
                <Td>{r.name || "(geen naam)"}</Td>
                <Td>{r.outcome === "invalid" ? <strong>{OUTCOME[r.outcome]}</strong> : OUTCOME[r.outcome]}</Td>
                <Td>{r.outcome === "invalid" ? r.reasons.join(" ") : r.changes.join("; ")}</Td>
              </Tr>
            ))}
          </Table>
          <div className="mvoi-button-row">
            {canApply ? (
              <Form method="post">
                <input type="hidden" name="intent" value="apply" />
                <textarea name="csv" defaultValue={actionData.csv} hidden readOnly aria-hidden="true" tabIndex={-1} />
                <Button>Inlezen</Button>
              </Form>
            ) : null}
            <Link to="/beheer/organisaties/importeren" reloadDocument>
              Ander bestand kiezen
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
