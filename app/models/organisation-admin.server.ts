import { sql } from "kysely";
import type { Executor } from "~/database/connection.server";
import { inTransaction } from "~/database/connection.server";
import type { Organisation, OrganisationKind, Sector } from "~/database/types";
import {
  IMPORT_HEADINGS,
  organisationSchema,
  REQUIRED_IMPORT_COLUMNS,
  type ImportColumn,
  type OrganisationInput,
} from "~/models/admin.schema";
import { changedFields, recordAuditEvent, type FieldChange } from "~/models/audit.server";
import { KIND_LABELS, KINDS, SECTOR_LABELS, sectorFromLabel, SIGNED_ITSELF, slugify } from "~/models/organisation.schema";
import { parseCsv, toCsv } from "~/utils/csv";
import { looksLikeZip, openWorkbook, plainText } from "~/models/xlsx.server";
import { nowIso } from "~/utils/time";

// Administrators keep the list of signatories right: create, edit, deactivate (never delete),
// and import the format of db/signatories.csv with a preview and an all-or-nothing apply.

export type Actor = { userId: number; email: string; ip: string };

export type AdminOrganisationItem = Pick<Organisation, "id" | "slug" | "name" | "kind" | "sector" | "active" | "signed_at"> & {
  signed_via_name: string | null;
  users: number;
};

export async function listOrganisationsForAdmin(
  db: Executor,
  args: { search?: string; status?: "actief" | "inactief" | "alle" },
): Promise<AdminOrganisationItem[]> {
  let query = db
    .selectFrom("organisation as o")
    .leftJoin("organisation as via", "via.id", "o.signed_via_id")
    .select(["o.id", "o.slug", "o.name", "o.kind", "o.sector", "o.active", "o.signed_at", "via.name as signed_via_name"])
    .select((eb) =>
      eb
        .selectFrom("membership as m")
        .select((c) => c.fn.count<number>("m.user_id").distinct().as("n"))
        .whereRef("m.organisation_id", "=", "o.id")
        .as("users"),
    );
  const status = args.status ?? "actief";
  if (status !== "alle") query = query.where("o.active", "=", status === "actief" ? 1 : 0);
  if (args.search) {
    const pattern = `%${args.search.replace(/[%_\\]/g, "\\$&")}%`;
    query = query.where(sql<boolean>`o.name like ${pattern} escape '\\'`);
  }
  const rows = await query.orderBy("o.name").execute();
  return rows.map((r) => ({ ...r, users: Number(r.users ?? 0) }));
}

export async function getOrganisationForAdmin(db: Executor, args: { id: number }) {
  if (!Number.isSafeInteger(args.id)) return undefined;
  const organisation = await db.selectFrom("organisation").selectAll().where("id", "=", args.id).executeTakeFirst();
  if (!organisation) return undefined;
  const [hasData, covers] = await Promise.all([
    organisationHasData(db, args.id),
    db.selectFrom("organisation").select(["id", "name"]).where("signed_via_id", "=", args.id).orderBy("name").execute(),
  ]);
  return { organisation, hasData, covers };
}

/** Plans, reports or users: an organisation with any of these is deactivated, never deleted. */
async function organisationHasData(db: Executor, id: number): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom("action_plan").select("id").where("organisation_id", "=", id)).as("plans"),
      eb.exists(eb.selectFrom("report").select("id").where("organisation_id", "=", id)).as("reports"),
      eb.exists(eb.selectFrom("membership").select("id").where("organisation_id", "=", id)).as("members"),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.plans || row.reports || row.members);
}

export class OrganisationFieldError extends Error {
  constructor(
    readonly field: keyof OrganisationInput,
    message: string,
  ) {
    super(message);
  }
}

async function checkUnique(trx: Executor, input: OrganisationInput, exceptId: number | null) {
  const sameName = await trx
    .selectFrom("organisation")
    .select("id")
    .where(sql<boolean>`lower(name) = lower(${input.name})`)
    .$if(exceptId !== null, (q) => q.where("id", "!=", exceptId!))
    .executeTakeFirst();
  if (sameName) throw new OrganisationFieldError("name", "Er is al een organisatie met deze naam.");
  if (input.signedViaId !== undefined) {
    if (input.signedViaId === exceptId) throw new OrganisationFieldError("signedViaId", "Een organisatie tekent niet via zichzelf.");
    const via = await trx
      .selectFrom("organisation")
      .select(["id", "signed_via_id"])
      .where("id", "=", input.signedViaId)
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!via) throw new OrganisationFieldError("signedViaId", "Kies een actieve organisatie uit de lijst.");
    if (via.signed_via_id !== null)
      throw new OrganisationFieldError(
        "signedViaId",
        "Die organisatie tekende zelf via een andere. Kies de organisatie die voor beide tekende.",
      );
  }
}

async function uniqueSlug(trx: Executor, name: string): Promise<string> {
  const base = slugify(name) || "organisatie";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await trx.selectFrom("organisation").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

function columns(input: OrganisationInput) {
  return {
    name: input.name,
    kind: input.kind,
    sector: input.sector,
    signed_via_id: input.signedViaId ?? null,
    signed_at: input.signedAt ?? null,
    source_url: input.sourceUrl ?? null,
  };
}

/** The fields of an organisation record that its history follows. */
const RECORD_FIELDS = ["name", "kind", "sector", "signed_via_id", "signed_at", "source_url", "active"] as const;

async function organisationRecords(trx: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, Record<string, unknown>>();
  const rows = await trx
    .selectFrom("organisation")
    .select(["id", ...RECORD_FIELDS])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r as Record<string, unknown>]));
}

function organisationChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null, id: number): FieldChange[] {
  return changedFields(before, after, RECORD_FIELDS, { subject: "organisation", organisationId: id });
}

export async function createOrganisation(db: Executor, args: { actor: Actor; input: OrganisationInput }): Promise<number> {
  return inTransaction(db, async (trx) => {
    await checkUnique(trx, args.input, null);
    const now = nowIso();
    const row = await trx
      .insertInto("organisation")
      .values({ ...columns(args.input), slug: await uniqueSlug(trx, args.input.name), created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const created = (await organisationRecords(trx, [row.id])).get(row.id)!;
    await recordAuditEvent(trx, {
      action: "organisation.created",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "organisation",
      objectId: row.id,
      detail: columns(args.input),
      changes: { channel: "form", organisationId: row.id, fields: organisationChanges(null, created, row.id) },
    });
    return row.id;
  });
}

/** Changes the fields; the URL slug stays, so bookmarks and links in e-mail keep working. */
export async function updateOrganisation(db: Executor, args: { actor: Actor; id: number; input: OrganisationInput }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom("organisation").selectAll().where("id", "=", args.id).executeTakeFirst();
    if (!before) throw new OrganisationNotFoundError();
    await checkUnique(trx, args.input, args.id);
    if (args.input.signedViaId !== undefined) {
      const covers = await trx.selectFrom("organisation").select("id").where("signed_via_id", "=", args.id).executeTakeFirst();
      if (covers)
        throw new OrganisationFieldError(
          "signedViaId",
          "Deze organisatie tekende zelf voor andere organisaties en kan daarom niet via een andere tekenen.",
        );
    }
    const after = columns(args.input);
    await trx
      .updateTable("organisation")
      .set({ ...after, updated_at: nowIso() })
      .where("id", "=", args.id)
      .execute();
    const changed = Object.fromEntries(
      Object.entries(after)
        .filter(([k, v]) => before[k as keyof typeof before] !== v)
        .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]),
    );
    const record = (await organisationRecords(trx, [args.id])).get(args.id)!;
    await recordAuditEvent(trx, {
      action: "organisation.updated",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "organisation",
      objectId: args.id,
      detail: changed,
      changes: { channel: "form", organisationId: args.id, fields: organisationChanges(before, record, args.id) },
    });
  });
}

export class OrganisationNotFoundError extends Error {}

/** Deactivated organisations disappear from lists, overviews and reminders; their data stays. */
export async function setOrganisationActive(db: Executor, args: { actor: Actor; id: number; active: boolean }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = (await organisationRecords(trx, [args.id])).get(args.id) ?? null;
    const result = await trx
      .updateTable("organisation")
      .set({ active: args.active ? 1 : 0, updated_at: nowIso() })
      .where("id", "=", args.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new OrganisationNotFoundError();
    await recordAuditEvent(trx, {
      action: args.active ? "organisation.activated" : "organisation.deactivated",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "organisation",
      objectId: args.id,
      changes: {
        channel: "form",
        organisationId: args.id,
        fields: organisationChanges(before, (await organisationRecords(trx, [args.id])).get(args.id) ?? null, args.id),
      },
    });
  });
}

// CSV import -------------------------------------------------------------------------------

export const MAX_IMPORT_ROWS = 5000;

export type ImportRow =
  | { line: number; name: string; outcome: "added" | "unchanged"; changes: string[] }
  | { line: number; name: string; outcome: "changed"; changes: string[] }
  | { line: number; name: string; outcome: "invalid"; reasons: string[] };

export type ImportPreview = { rows: ImportRow[]; fileError: string | null; counts: Record<ImportRow["outcome"], number> };

type Planned = { line: number; input: Omit<OrganisationInput, "signedViaId"> & { signedVia: string | null }; existingId: number | null };

const FIELD_LABELS: Record<string, string> = {
  name: "naam",
  kind: "soort",
  sector: "sector",
  signedAt: "datum van ondertekening",
  sourceUrl: "bron",
  signed_via: "getekend via",
};

const MAX_IMPORT_COLUMNS = 20;

/** A heading as written, without case, extra spaces or underscores. */
const headingKey = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
/** Each column by its Dutch heading and by its English name (db/signatories.csv). */
const COLUMN_OF_HEADING = new Map<string, ImportColumn>(
  (Object.entries(IMPORT_HEADINGS) as [ImportColumn, string][]).flatMap(([column, heading]) => [
    [headingKey(heading), column],
    [headingKey(column), column],
  ]),
);
const headingList = (columns: readonly ImportColumn[]) => columns.map((c) => IMPORT_HEADINGS[c]).join(", ");

/**
 * An uploaded import file as CSV text, or a Dutch message: the first sheet of an Excel workbook
 * (.xlsx), or a CSV file in UTF-8 (with or without byte order mark) or, failing that, in
 * Windows-1252, which Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
 * Separators "," and ";" are both read (parseCsv).
 */
export async function readImportFile(data: Uint8Array): Promise<{ ok: true; csv: string } | { ok: false; message: string }> {
  if (looksLikeZip(data)) {
    const opened = await openWorkbook(data, "Sla het bestand op als Excel-werkmap (.xlsx) of als CSV-bestand.");
    if (!opened.ok) return opened;
    const sheet = opened.workbook.worksheets[0];
    if (!sheet)
      return {
        ok: false,
        message: "Het bestand is geen Excel-werkmap met een blad. Sla het op als Excel-werkmap (.xlsx) of als CSV-bestand.",
      };
    if (sheet.rowCount === 0) return { ok: false, message: "Het eerste blad van de Excel-werkmap is leeg." };
    if (sheet.rowCount > MAX_IMPORT_ROWS + 1 || sheet.columnCount > MAX_IMPORT_COLUMNS) {
      return { ok: false, message: `Het eerste blad heeft meer dan ${MAX_IMPORT_ROWS} regels of ${MAX_IMPORT_COLUMNS} kolommen.` };
    }
    const rows: string[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const text = plainText(sheet.getCell(r, c).value);
        if (typeof text !== "string")
          return { ok: false, message: `Regel ${r} bevat een formule. Vul de waarden zelf in en lees het bestand opnieuw in.` };
        row.push(text);
      }
      rows.push(row);
    }
    return { ok: true, csv: toCsv(rows) };
  }
  let csv: string;
  try {
    csv = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    csv = new TextDecoder("windows-1252").decode(data);
  }
  if (csv.includes("\u0000")) return { ok: false, message: "Het bestand is geen CSV-bestand of Excel-werkmap." };
  return { ok: true, csv };
}

/** Reads the file and compares every row with the database; changes nothing. */
export async function previewOrganisationImport(db: Executor, args: { csv: string }): Promise<ImportPreview & { planned: Planned[] }> {
  const empty = { rows: [], planned: [], counts: { added: 0, changed: 0, unchanged: 0, invalid: 0 } };
  let table: string[][];
  try {
    table = parseCsv(args.csv).filter((r) => r.some((c) => c.trim() !== ""));
  } catch {
    return { ...empty, fileError: 'Het bestand is geen geldig CSV-bestand: er staat een aanhalingsteken (") dat niet wordt afgesloten.' };
  }
  const [header, ...records] = table;
  const names = (header ?? []).map((h) => COLUMN_OF_HEADING.get(headingKey(h)) ?? headingKey(h));
  const missing = REQUIRED_IMPORT_COLUMNS.filter((c) => !names.includes(c));
  if (!header || missing.length) {
    const optional = (Object.keys(IMPORT_HEADINGS) as ImportColumn[]).filter((c) => !REQUIRED_IMPORT_COLUMNS.includes(c));
    return {
      ...empty,
      fileError: `De eerste regel van het bestand moet de kolomnamen bevatten: ${headingList(REQUIRED_IMPORT_COLUMNS)}, en eventueel ${headingList(optional)}. Ontbreekt: ${headingList(missing)}.`,
    };
  }
  const twice = (Object.keys(IMPORT_HEADINGS) as ImportColumn[]).find((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (twice) return { ...empty, fileError: `De kolom "${IMPORT_HEADINGS[twice]}" staat twee keer in de eerste regel.` };
  if (records.length === 0) return { ...empty, fileError: "Het bestand bevat geen organisaties, alleen kolomnamen." };
  if (records.length > MAX_IMPORT_ROWS)
    return { ...empty, fileError: `Het bestand bevat ${records.length} regels; hoogstens ${MAX_IMPORT_ROWS} per keer.` };

  const existing = await db
    .selectFrom("organisation as o")
    .leftJoin("organisation as via", "via.id", "o.signed_via_id")
    .select(["o.id", "o.name", "o.kind", "o.sector", "o.signed_at", "o.source_url", "via.name as signed_via_name"])
    .execute();
  const byName = new Map(existing.map((o) => [o.name.toLowerCase(), o]));
  const inFile = new Map<string, number>();
  const rows: ImportRow[] = [];
  const planned: Planned[] = [];
  records.forEach((cells, index) => {
    const line = index + 2;
    const record = Object.fromEntries(names.map((h, i) => [h, (cells[i] ?? "").trim()]));
    const reasons: string[] = [];
    const kind = (KINDS as readonly string[]).includes(record.kind ?? "") ? (record.kind as OrganisationKind) : undefined;
    const sector: Sector | undefined =
      sectorFromLabel(record.sector ?? "") ??
      ((Object.keys(SECTOR_LABELS) as Sector[]).includes(record.sector as Sector) ? (record.sector as Sector) : undefined);
    if (!kind) reasons.push(`Onbekend soort "${record.kind ?? ""}". Kies uit: ${KINDS.join(", ")}.`);
    if (!sector) reasons.push(`Onbekende sector "${record.sector ?? ""}". Kies uit: ${Object.values(SECTOR_LABELS).join(", ")}.`);
    const parsed = organisationSchema.omit({ signedViaId: true, kind: true, sector: true }).safeParse({
      name: record.name,
      signedAt: record.signed_at || undefined,
      sourceUrl: record.source || undefined,
    });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        reasons.push(`${FIELD_LABELS[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    const name = parsed.success ? parsed.data.name : (record.name ?? "");
    const key = name.toLowerCase();
    if (name && inFile.has(key)) reasons.push(`Deze naam staat ook op regel ${inFile.get(key)}.`);
    if (name) inFile.set(key, line);
    // "Zelf getekend" (as the pages and the export say it) means: signed for itself.
    const signedVia =
      record.signed_via && record.signed_via.trim().toLowerCase() !== SIGNED_ITSELF.toLowerCase() ? record.signed_via : null;
    if (signedVia && signedVia.toLowerCase() === key) reasons.push("Een organisatie tekent niet via zichzelf.");
    if (reasons.length || !parsed.success || !kind || !sector) {
      rows.push({ line, name, outcome: "invalid", reasons });
      return;
    }
    const input = { ...parsed.data, kind, sector, signedVia };
    const current = byName.get(key);
    planned.push({ line, input, existingId: current?.id ?? null });
    if (!current) {
      rows.push({ line, name, outcome: "added", changes: [] });
      return;
    }
    // Exactly what applying writes: the name as written in the file (also a change of letter case).
    const changes: string[] = [];
    if (current.name !== name) changes.push(`naam: ${current.name} → ${name}`);
    if (current.kind !== kind) changes.push(`soort: ${KIND_LABELS[current.kind]} → ${KIND_LABELS[kind]}`);
    if (current.sector !== sector) changes.push(`sector: ${SECTOR_LABELS[current.sector]} → ${SECTOR_LABELS[sector]}`);
    // Applying looks the organisation up by name in any letter case: only another organisation is a change.
    if ((current.signed_via_name?.toLowerCase() ?? null) !== (signedVia?.toLowerCase() ?? null))
      changes.push(`getekend via: ${current.signed_via_name ?? SIGNED_ITSELF} → ${signedVia ?? SIGNED_ITSELF}`);
    if (input.sourceUrl !== undefined && current.source_url !== input.sourceUrl) changes.push("bron gewijzigd");
    if (input.signedAt !== undefined && current.signed_at !== input.signedAt)
      changes.push(`datum van ondertekening: ${current.signed_at ?? "—"} → ${input.signedAt}`);
    rows.push({ line, name, outcome: changes.length ? "changed" : "unchanged", changes });
  });
  // "Signed via" must name an organisation that exists or is added by this file, and one that
  // does not itself sign via another.
  const viaOf = new Map(planned.map((p) => [p.input.name.toLowerCase(), p.input.signedVia]));
  for (const p of planned) {
    const via = p.input.signedVia?.toLowerCase();
    if (!via) continue;
    const known = viaOf.has(via) || byName.has(via);
    const viaVia = viaOf.has(via) ? viaOf.get(via) : byName.get(via)?.signed_via_name;
    const reason = !known
      ? `Getekend via "${p.input.signedVia}": die organisatie bestaat niet en staat niet in het bestand.`
      : viaVia
        ? `Getekend via "${p.input.signedVia}": die organisatie tekende zelf via een andere.`
        : null;
    if (!reason) continue;
    const index = rows.findIndex((r) => r.line === p.line);
    rows[index] = { line: p.line, name: p.input.name, outcome: "invalid", reasons: [reason] };
  }
  const valid = new Set(rows.filter((r) => r.outcome !== "invalid").map((r) => r.line));
  const counts = { added: 0, changed: 0, unchanged: 0, invalid: 0 };
  for (const r of rows) counts[r.outcome]++;
  return { rows, planned: planned.filter((p) => valid.has(p.line)), counts, fileError: null };
}

export class ImportRefusedError extends Error {}

/** Applies the file: every row or none. A file with any invalid row is refused as a whole. */
export async function applyOrganisationImport(db: Executor, args: { actor: Actor; csv: string }): Promise<ImportPreview> {
  return inTransaction(db, async (trx) => {
    const preview = await previewOrganisationImport(trx, args);
    if (preview.fileError || preview.counts.invalid > 0)
      throw new ImportRefusedError(preview.fileError ?? `${preview.counts.invalid} regels kloppen niet. Er is niets ingelezen.`);
    const now = nowIso();
    const ids = new Map<string, number>();
    const unchanged = new Set(preview.rows.filter((r) => r.outcome === "unchanged").map((r) => r.line));
    const existing = await organisationRecords(
      trx,
      preview.planned.flatMap((p) => (p.existingId ? [p.existingId] : [])),
    );
    for (const p of preview.planned) {
      if (p.existingId && unchanged.has(p.line)) {
        // What the preview called unchanged stays untouched, updated_at included.
        ids.set(p.input.name.toLowerCase(), p.existingId);
        continue;
      }
      const values = {
        name: p.input.name,
        kind: p.input.kind,
        sector: p.input.sector,
        ...(p.input.signedAt ? { signed_at: p.input.signedAt } : {}),
        ...(p.input.sourceUrl ? { source_url: p.input.sourceUrl } : {}),
      };
      if (p.existingId) {
        await trx
          .updateTable("organisation")
          .set({ ...values, updated_at: now })
          .where("id", "=", p.existingId)
          .execute();
        ids.set(p.input.name.toLowerCase(), p.existingId);
      } else {
        const row = await trx
          .insertInto("organisation")
          .values({ ...values, slug: await uniqueSlug(trx, p.input.name), created_at: now, updated_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        ids.set(p.input.name.toLowerCase(), row.id);
      }
    }
    for (const p of preview.planned) {
      if (p.existingId && unchanged.has(p.line)) continue; // its signer is unchanged too
      const via = p.input.signedVia
        ? (ids.get(p.input.signedVia.toLowerCase()) ??
          (
            await trx
              .selectFrom("organisation")
              .select("id")
              .where(sql<boolean>`lower(name) = lower(${p.input.signedVia})`)
              .executeTakeFirstOrThrow()
          ).id)
        : null;
      await trx.updateTable("organisation").set({ signed_via_id: via }).where("id", "=", ids.get(p.input.name.toLowerCase())!).execute();
    }
    const touched = [...new Set(ids.values())];
    const records = await organisationRecords(trx, touched);
    await recordAuditEvent(trx, {
      action: "organisation.imported",
      userId: args.actor.userId,
      userEmail: args.actor.email,
      ip: args.actor.ip,
      objectType: "organisation",
      detail: preview.counts,
      changes: {
        channel: "import",
        organisationId: null,
        fields: touched.flatMap((id) => organisationChanges(existing.get(id) ?? null, records.get(id) ?? null, id)),
      },
    });
    return preview;
  });
}

/** Organisations another can sign via: active ones that did not sign via another themselves. */
export async function listSigners(db: Executor, args: { exceptId?: number }): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("active", "=", 1)
    .where("signed_via_id", "is", null)
    .$if(args.exceptId !== undefined, (q) => q.where("id", "!=", args.exceptId!))
    .orderBy("name")
    .execute();
}
