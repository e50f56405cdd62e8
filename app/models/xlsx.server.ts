import type ExcelJS from "exceljs";

// Reading an uploaded Excel workbook safely, for every upload that takes one (the Unie's report
// grid, the organisation import).

/** Refuse files that unpack to more than this (a "zip bomb" hides gigabytes in kilobytes). */
const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;

/** exceljs and jszip are large: loaded on first use, not at server start. */
export const excel = async () => (await import("exceljs")).default;

/** Whether the bytes start as a zip archive does (an .xlsx is one). */
export const looksLikeZip = (data: Uint8Array) => data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

/**
 * The workbook in `data`, or a Dutch message for the user: not a zip archive, unpacking to more
 * than 40 MB, or not readable as a workbook. `hint` ends each message (what to do instead).
 */
export async function openWorkbook(
  data: Uint8Array,
  hint: string,
): Promise<{ ok: true; workbook: ExcelJS.Workbook } | { ok: false; message: string }> {
  const { default: JSZip } = await import("jszip");
  let zip: Awaited<ReturnType<typeof JSZip.loadAsync>>;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    return { ok: false, message: `Dit is geen Excel-bestand (.xlsx). ${hint}` };
  }
  let unpacked = 0;
  zip.forEach((_, file) => {
    unpacked += (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (unpacked > MAX_UNPACKED_BYTES) return { ok: false, message: `Het bestand is uitgepakt te groot. ${hint}` };
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: "Het bestand kon niet worden gelezen. Sla het op als Excel-werkmap (.xlsx) en probeer het opnieuw." };
  }
  return { ok: true, workbook };
}

/**
 * A cell as the text a person sees: rich text joined, a date as YYYY-MM-DD, a number as typed
 * (with a decimal comma), an error's code; a formula as `{ formula: true }` (its result is not
 * trusted: the user must type the value).
 */
export function plainText(value: ExcelJS.CellValue): string | { formula: true } {
  if (value == null) return "";
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) return { formula: true };
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ("error" in value) return String(value.error);
    return "";
  }
  // Numbers as typed by Excel: keep a dot as decimal separator ("2.5" is read as 2,5).
  return typeof value === "number" ? String(value).replace(".", ",") : String(value);
}
