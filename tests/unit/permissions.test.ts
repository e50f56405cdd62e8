import { describe, expect, it } from "vitest";
import { audiencesFor, canReadAllOrganisations, homePathFor, safeRedirectPath } from "~/auth/permissions";

describe("audiences", () => {
  it("follow the membership roles", () => {
    expect(audiencesFor(["editor"])).toEqual(["signatory"]);
    expect(audiencesFor(["viewer"])).toEqual(["signatory"]);
    expect(audiencesFor(["reviewer"])).toEqual(["ministry"]);
    expect(audiencesFor(["admin", "reviewer"])).toEqual(["ministry", "admin"]);
    expect(audiencesFor([])).toEqual([]);
  });

  it("decide where each role lands", () => {
    expect(homePathFor(["signatory"])).toBe("/organisaties");
    expect(homePathFor(["ministry"])).toBe("/ministerie");
    expect(homePathFor(["signatory", "admin"])).toBe("/beheer");
    expect(homePathFor([])).toBe("/geen-toegang");
  });

  it("let only the ministry and administrators read every organisation", () => {
    expect(canReadAllOrganisations(["signatory"])).toBe(false);
    expect(canReadAllOrganisations(["ministry"])).toBe(true);
    expect(canReadAllOrganisations(["admin"])).toBe(true);
  });
});

describe("safeRedirectPath", () => {
  it("accepts local paths", () => {
    expect(safeRedirectPath("/organisatie/gemeente-helmond", "/")).toBe("/organisatie/gemeente-helmond");
    expect(safeRedirectPath("/ministerie?sector=gemeenten", "/")).toBe("/ministerie?sector=gemeenten");
  });

  it.each([
    ["https://evil.example/", "absolute URL"],
    ["//evil.example/", "protocol-relative"],
    ["/\\evil.example/", "backslash"],
    ["\\\\evil.example", "double backslash"],
    ["/%2Fevil.example", "encoded slash"],
    ["/%5Cevil.example", "encoded backslash"],
    ["%2F%2Fevil.example", "fully encoded"],
    ["javascript:alert(1)", "script URL"],
    ["/\tevil", "control character"],
    ["/%0d%0aSet-Cookie:x", "encoded CRLF"],
    ["/%E0%A4%A", "malformed encoding"],
    ["", "empty"],
    ["%2F%2Fevil.example", "encoded scheme-relative"],
    ["/%2f%2fevil.example", "encoded slashes after the first (lower case)"],
    ["/%5C%5Cevil.example", "encoded double backslash"],
    ["%5C%5Cevil.example", "fully encoded backslashes"],
    ["\\/evil.example", "backslash then slash"],
    ["https:evil.example", "scheme without slashes"],
    ["HTTPS://evil.example", "upper-case scheme"],
    ["JavaScript:alert(1)", "script URL, mixed case"],
    [" javascript:alert(1)", "script URL after a space"],
    ["java\tscript:alert(1)", "script URL with a tab inside"],
    ["data:text/html,<script>alert(1)</script>", "data URL"],
    [" //evil.example", "leading space"],
    ["\t//evil.example", "leading tab"],
    ["\n//evil.example", "leading newline"],
    ["/\n/evil.example", "newline between the slashes"],
    ["/\t/evil.example", "tab between the slashes"],
    ["/%09/evil.example", "encoded tab between the slashes"],
    ["/%0A/evil.example", "encoded newline between the slashes"],
    ["/%00", "encoded NUL"],
    ["/" + "a".repeat(600), "over 500 characters"],
  ])("refuses %s (%s)", (target) => {
    expect(safeRedirectPath(target, "/home")).toBe("/home");
  });

  it("keeps local paths that merely look odd, which stay on this site", () => {
    expect(safeRedirectPath("/javascript:alert(1)", "/home")).toBe("/javascript:alert(1)");
    expect(safeRedirectPath("/%252F%252Fevil.example", "/home")).toBe("/%252F%252Fevil.example");
  });

  it("refuses non-strings", () => {
    expect(safeRedirectPath(undefined, "/home")).toBe("/home");
    expect(safeRedirectPath(["/a"], "/home")).toBe("/home");
  });
});
