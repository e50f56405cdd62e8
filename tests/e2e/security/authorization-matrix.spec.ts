import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_POLICY, type Allowed } from "~/auth/policy";
import { createDb, type DB } from "~/database/connection.server";
import { baseURL } from "../helpers";
import { loginAs } from "../login-as";
import { listRoutes, sample } from "../route-list";
import { e2eServer } from "../server";

type Role = "anonymous" | "signatory" | "unie" | "ministry" | "admin";
const ROLES: Record<Role, { email?: string; audiences: Allowed[]; slug: string }> = {
  anonymous: { audiences: ["public"], slug: "gemeente-helmond" },
  signatory: { email: "inkoper@helmond.example", audiences: ["public", "user", "signatory"], slug: "gemeente-helmond" },
  unie: { email: "inkoper@uvw.example", audiences: ["public", "user", "signatory"], slug: "unie-van-waterschappen" },
  ministry: { email: "analist@ienw.example", audiences: ["public", "user", "ministry"], slug: "gemeente-helmond" },
  admin: { email: "beheer@ienw.example", audiences: ["public", "user", "admin"], slug: "gemeente-helmond" },
};

describe("the authorization matrix", () => {
  let db: DB;
  const cookies: Partial<Record<Role, string>> = {};
  const all = listRoutes();

  beforeAll(async () => {
    db = createDb(e2eServer().databaseFile);
    for (const [role, spec] of Object.entries(ROLES) as [Role, (typeof ROLES)[Role]][]) {
      if (spec.email) cookies[role] = await loginAs(db, { email: spec.email });
    }
  });
  afterAll(() => db?.destroy());

  it("declares a policy for every route in app/routes.ts (and for nothing else)", () => {
    const files = new Set(listRoutes().flatMap((r) => r.chain));
    const missing = [...files].filter((f) => !ROUTE_POLICY[f]);
    expect(missing, "routes without a policy").toEqual([]);
    expect(
      Object.keys(ROUTE_POLICY).filter((f) => !files.has(f)),
      "policy entries without a route",
    ).toEqual([]);
  });

  for (const role of Object.keys(ROLES) as Role[]) {
    it(`lets ${role} use exactly the routes the policy allows (GET and POST)`, async () => {
      const problems: string[] = [];
      for (const r of all) {
        // A route is open to a role when every layout above it and the route itself allow it.
        const allowed = r.chain.every((f) => ROUTE_POLICY[f]!.some((a) => ROLES[role].audiences.includes(a)));
        const url = baseURL() + sample(r.path, ROLES[role].slug);
        for (const method of ["GET", "POST"] as const) {
          if (r.file === "routes/auth/logout.tsx" && method === "POST") continue; // would end the session used here
          const response = await fetch(url, {
            method,
            redirect: "manual",
            headers: {
              Cookie: cookies[role] ?? "",
              Origin: baseURL(),
              ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
            },
            body: method === "POST" ? "intent=matrix-probe" : undefined,
          });
          const location = response.headers.get("location") ?? "";
          // 405: the route has no action, so a POST does nothing for anyone.
          if (method === "POST" && response.status === 405) continue;
          // 401: an answer for scripts ("Blijf ingelogd", /account/sessie), which a login page would not help.
          const refused =
            response.status === 401 || response.status === 403 || (response.status === 302 && location.startsWith("/inloggen"));
          if (response.status >= 500) problems.push(`${method} ${r.path} -> ${response.status}`);
          if (allowed && refused) problems.push(`${method} ${r.path}: allowed but refused (${response.status} ${location})`);
          if (!allowed && !refused) problems.push(`${method} ${r.path}: not allowed but answered ${response.status} ${location}`);
          await response.arrayBuffer().catch(() => undefined);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
