import fc from "fast-check";

/** A form field as sent: absent, once, several times (duplicated), or a file. */
export type FieldValue = undefined | string | string[] | { file: Uint8Array; name: string; type: string };

const NASTY = [
  "",
  " ",
  "\t\n\r",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "' OR 1=1 --",
  "{{7*7}}",
  "${7*7}",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "مرحبا بالعالم",
  "שָׁלוֹם",
  "e\u0301\u0301\u0301",
  "👩🏽‍🚒",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "-0",
  "1e309",
  "9".repeat(400),
  "1.000,50",
  "1,000.50",
  "1.5",
  "1,5",
  "250.000",
  "0x1F",
  "١٢٣",
  "１２３",
  "2025-02-30",
  "0000-00-00",
  "true",
  "null",
  "undefined",
  "[object Object]",
  "__proto__",
];

/** Strings a hostile or broken client might send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => n.toLocaleString("nl-NL")) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => n.toLocaleString("en-US")) },
  // Huge: ASCII, so it stays well under the 1 MB request limit once encoded.
  { weight: 1, arbitrary: fc.string({ minLength: 5_000, maxLength: 30_000 }) },
  { weight: 1, arbitrary: fc.constantFrom("<", "&", "\u0000").map((c) => c.repeat(20_000)) },
);

/** A field: usually a plausible value or a hostile one, sometimes missing or duplicated. */
export function field(plausible: fc.Arbitrary<string> = hostileString): fc.Arbitrary<FieldValue> {
  const one = fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 3, arbitrary: hostileString });
  return fc.oneof(
    { weight: 6, arbitrary: one },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
  );
}

/** The form's own intents, and unknown ones. */
export const intentField = (known: string[]) => field(fc.constantFrom(...known));

/** Files for upload fields: empty, random bytes, fake PDFs, fake spreadsheets, odd names. */
export const hostileFile: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.record({
    file: fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      fc.uint8Array({ maxLength: 2_000 }).map((b) => new Uint8Array([...Buffer.from("%PDF-1.7\n"), ...b])),
      fc.uint8Array({ maxLength: 2_000 }).map((b) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b])),
      fc.constant(new Uint8Array()),
    ),
    name: fc.oneof(
      fc.constantFrom("plan.pdf", "../../etc/passwd", "a\u0000.pdf", "<b>.xlsx", "raster.xlsx", ""),
      fc.string({ maxLength: 300 }),
    ),
    type: fc.constantFrom(
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/html",
      "application/octet-stream",
      "",
    ),
  }),
  field(),
);

/** Extra fields nobody asked for. */
export const unknownFields: fc.Arbitrary<Record<string, FieldValue>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom("__proto__", "constructor", "intent[]", "lockVersion.x", "a[0][1]", "x".repeat(300)),
    fc.string({ maxLength: 20 }),
  ),
  field(),
  { maxKeys: 3 },
);

/** Percent-encodes like a browser, but keeps lone surrogates as their raw (invalid UTF-8) bytes. */
export function encodeLoose(value: string): string {
  // Well-formed text (most values) is what encodeURIComponent does; it throws on a lone surrogate.
  try {
    return encodeURIComponent(value);
  } catch {
    // a lone surrogate: below, character by character
  }
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value[i]! + value[i + 1]!);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // WTF-8 bytes of the lone surrogate: ED A0..BF 80..BF
      out += `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}
