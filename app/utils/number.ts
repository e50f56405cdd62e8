/**
 * Reads a number as Dutch users type it: "1.500.000", "1500000", "1 500 000", "2,5", "€ 12.000".
 * Returns null when it is not a number. A single dot followed by 1-2 digits ("2.5") is a decimal.
 */
export function parseDutchNumber(input: string): number | null {
  let value = input.trim().replace(/^€\s*/, "").replace(/\s/g, "");
  if (value === "") return null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(value)) value = value.replace(/\./g, "");
  value = value.replace(",", ".");
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

const integerFormat = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });

export const formatInteger = (n: number | null | undefined) => (n == null ? "—" : integerFormat.format(n));
export const formatDecimal = (n: number | null | undefined) => (n == null ? "—" : decimalFormat.format(n));
export const formatEuro = (n: number | null | undefined) => (n == null ? "—" : `€ ${integerFormat.format(n)}`);
