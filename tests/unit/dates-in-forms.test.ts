import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { deadlineSchema } from "~/models/admin.schema";
import { reportingYearSchema } from "~/models/catalogue.schema";

/** The field messages of a refused submission. */
const errors = (result: {
  status?: string;
  error?: Record<string, string[] | null> | null;
}): Record<string, string[] | null | undefined> => (result.status === "success" ? {} : (result.error ?? {}));

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

describe("dates in the reporting-year forms", () => {
  // The database refuses a date that is not on the calendar (CHECK date(x) is x); the hostile-input
  // run found "0000-00-00" passing the form and answering 500.
  it.each(["0000-00-00", "2025-02-30", "2025-13-01"])("refuses %s with a Dutch message next to the field", (opensAt) => {
    const result = parseWithZod(form({ year: "2091", opensAt, dueAt: "2031-12-31" }), { schema: reportingYearSchema });
    expect(result.status).toBe("error");
    expect(errors(result).opensAt?.[0]).toBe("De openingsdatum bestaat niet.");
  });

  it("accepts real dates, and the admin's date form uses the same rule", () => {
    expect(parseWithZod(form({ year: "2091", opensAt: "2092-01-15", dueAt: "2092-04-01" }), { schema: reportingYearSchema }).status).toBe(
      "success",
    );
    const wrong = parseWithZod(form({ opensAt: "2092-01-15", dueAt: "2092-02-30" }), { schema: deadlineSchema });
    expect(errors(wrong).dueAt?.[0]).toBe("De uiterste inleverdatum bestaat niet.");
  });
});
