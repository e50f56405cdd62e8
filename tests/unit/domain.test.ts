import { describe, expect, it } from "vitest";
import { actionPlanDueDate, sectorFromLabel, slugify } from "~/models/organisation.schema";
import { parseCsv, parseCsvRecords } from "~/utils/csv";
import { formatDate, startOfDayInNL, todayInNL } from "~/utils/time";
import { hashPassword, verifyPassword } from "~/auth/password.server";

describe("organisation helpers", () => {
  it("slugify names into URL parts", () => {
    expect(slugify("Gemeente Den Haag ('s-Gravenhage)")).toBe("gemeente-den-haag-s-gravenhage");
    expect(slugify("Wetterskip Fryslân")).toBe("wetterskip-fryslan");
    expect(slugify("Waterschap Hunze en Aa's")).toBe("waterschap-hunze-en-aa-s");
  });

  it("map CSV sector labels to codes", () => {
    expect(sectorFromLabel("Overige organisaties")).toBe("overig");
    expect(sectorFromLabel(" waterschappen ")).toBe("waterschappen");
    expect(sectorFromLabel("Bedrijven")).toBeUndefined();
  });

  it("put the action plan one year after signing", () => {
    expect(actionPlanDueDate("2022-11-24")).toBe("2023-11-24");
    expect(actionPlanDueDate("2024-02-29")).toBe("2025-02-28");
    expect(actionPlanDueDate(null)).toBeNull();
    expect(actionPlanDueDate("24-11-2022")).toBeNull();
  });
});

describe("CSV", () => {
  it("handles quotes, doubled quotes, commas and CRLF", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
    ]);
    expect(parseCsvRecords("\ufeffname,kind\nHelmond,gemeente\n")).toEqual([{ name: "Helmond", kind: "gemeente" }]);
  });

  it("refuses an unterminated quote", () => {
    expect(() => parseCsv('a\n"open')).toThrow(/not closed/);
  });
});

describe("dates", () => {
  it("format in Dutch and take today in the Netherlands", () => {
    expect(formatDate("2022-11-24")).toBe("24 november 2022");
    expect(formatDate(null)).toBe("onbekend");
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(todayInNL(new Date("2025-12-31T23:30:00Z"))).toBe("2026-01-01");
  });

  it("find the UTC start of a Dutch day, also on the days the clocks change", () => {
    expect(startOfDayInNL("2026-01-15")).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfDayInNL("2026-07-01")).toBe("2026-06-30T22:00:00.000Z");
    // Summer time starts at 02:00 on 29 March 2026: that day still begins in winter time.
    expect(startOfDayInNL("2026-03-29")).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayInNL("2026-03-30")).toBe("2026-03-29T22:00:00.000Z");
    // Winter time starts at 03:00 on 25 October 2026: that day still begins in summer time.
    expect(startOfDayInNL("2026-10-25")).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDayInNL("2026-10-26")).toBe("2026-10-25T23:00:00.000Z");
  });
});

describe("passwords", () => {
  it("hash with scrypt and a random salt, and verify", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct hors", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});
