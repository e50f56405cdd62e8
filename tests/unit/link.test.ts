import { describe, expect, it } from "vitest";
import { isCurrent } from "~/components/ui/link";

describe("isCurrent (the menu's aria-current, as React Router's NavLink decides it)", () => {
  it("marks the page itself and, without `end`, the pages below it", () => {
    expect(isCurrent("/ministerie/overzicht", "/ministerie/overzicht")).toBe(true);
    expect(isCurrent("/ministerie/overzicht/organisaties", "/ministerie/overzicht")).toBe(true);
    expect(isCurrent("/ministerie/overzichten", "/ministerie/overzicht")).toBe(false);
    expect(isCurrent("/ministerie", "/ministerie/overzicht")).toBe(false);
  });

  it("with `end`, marks only the page itself", () => {
    expect(isCurrent("/ministerie", "/ministerie", true)).toBe(true);
    expect(isCurrent("/ministerie/trends", "/ministerie", true)).toBe(false);
    expect(isCurrent("/", "/", true)).toBe(true);
    expect(isCurrent("/toegankelijkheid", "/", true)).toBe(false);
    // Without `end`, "/" is still only the start page itself, as in NavLink.
    expect(isCurrent("/", "/")).toBe(true);
    expect(isCurrent("/toegankelijkheid", "/")).toBe(false);
  });

  it("ignores letter case, a trailing slash and the query", () => {
    expect(isCurrent("/Beheer/Audit", "/beheer/audit")).toBe(true);
    expect(isCurrent("/beheer/audit/", "/beheer/audit")).toBe(true);
    expect(isCurrent("/beheer/audit", "/beheer/audit?van=2026-01-01")).toBe(true);
    expect(isCurrent("/beheer/audit/x", "/beheer/audit/")).toBe(true);
  });
});
