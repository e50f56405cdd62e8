/**
 * A cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, so it is shown as text and never run. Applied to text, not
 * to the numbers the portal writes itself.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export const CSV_SEPARATOR = ";";

/** One CSV line (Dutch Excel reads ";" as the separator), text neutralised and quoted where needed. */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return (
    cells
      .map((cell) => {
        if (cell == null) return "";
        if (typeof cell === "number") return String(cell).replace(".", ",");
        const safe = neutralise(cell);
        return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      })
      .join(CSV_SEPARATOR) + "\r\n"
  );
}

/** UTF-8 byte order mark: Excel then reads accents (Fryslân) correctly. */
export const BOM = "\uFEFF";
