import type { Audience } from "~/auth/permissions";

/**
 * Who may use each route (page, data request and action), declared once. "public" is everyone,
 * "user" is anyone logged in. The audience layouts enforce it (requireAudience); the test in
 * tests/e2e/security/authorization-matrix.spec.ts calls every route in app/routes.ts as every
 * role and compares with this table, and fails on a route that is not listed here.
 */
export type Allowed = "public" | "user" | Audience;

export const ROUTE_POLICY: Record<string, Allowed[]> = {
  "routes/public/home.tsx": ["public"],
  "routes/public/accessibility.tsx": ["public"],
  "routes/public/not-found.tsx": ["public"],
  "routes/auth/login.tsx": ["public"],
  "routes/auth/logout.tsx": ["public"],
  "routes/auth/no-access.tsx": ["user"],
  "routes/auth/login-code.tsx": ["public"],
  "routes/auth/login-setup.tsx": ["public"],
  "routes/account/security.tsx": ["user"],
  "routes/account/security-setup.tsx": ["user"],
  "routes/resources/healthz.ts": ["public"],

  "routes/signatory/layout.tsx": ["signatory"],
  "routes/signatory/choose-organisation.tsx": ["signatory"],
  "routes/signatory/organisation-layout.tsx": ["signatory"],
  "routes/signatory/organisation-home.tsx": ["signatory"],
  "routes/signatory/plan/overview.tsx": ["signatory"],
  "routes/signatory/plan/general.tsx": ["signatory"],
  "routes/signatory/plan/themes.tsx": ["signatory"],
  "routes/signatory/plan/actions.tsx": ["signatory"],
  "routes/signatory/plan/action-edit.tsx": ["signatory"],
  "routes/signatory/plan/resources.tsx": ["signatory"],
  "routes/signatory/plan/check.tsx": ["signatory"],
  "routes/signatory/plan/version.tsx": ["signatory"],
  "routes/signatory/plan/file.ts": ["signatory"],
  "routes/signatory/plan/compare.tsx": ["signatory"],
  "routes/signatory/report/list.tsx": ["signatory"],
  "routes/signatory/report/overview.tsx": ["signatory"],
  "routes/signatory/report/progress.tsx": ["signatory"],
  "routes/signatory/report/check.tsx": ["signatory"],
  "routes/signatory/report/version.tsx": ["signatory"],
  "routes/signatory/report/grid.tsx": ["signatory"],
  "routes/signatory/report/grid-template.ts": ["signatory"],
  "routes/signatory/report/section.tsx": ["signatory"],

  "routes/ministry/layout.tsx": ["ministry", "admin"],
  "routes/ministry/home.tsx": ["ministry", "admin"],
  "routes/ministry/organisation.tsx": ["ministry", "admin"],
  "routes/ministry/plans.tsx": ["ministry", "admin"],
  "routes/ministry/plan.tsx": ["ministry", "admin"],
  "routes/ministry/plan-file.ts": ["ministry", "admin"],
  "routes/ministry/plan-compare.tsx": ["ministry", "admin"],
  "routes/ministry/reports.tsx": ["ministry", "admin"],
  "routes/ministry/report.tsx": ["ministry", "admin"],
  "routes/ministry/overview.tsx": ["ministry", "admin"],
  "routes/ministry/overview-organisations.tsx": ["ministry", "admin"],
  "routes/ministry/completeness.tsx": ["ministry", "admin"],
  "routes/ministry/trends.tsx": ["ministry", "admin"],
  "routes/ministry/letter.tsx": ["ministry", "admin"],
  "routes/ministry/export-values-csv.ts": ["ministry", "admin"],
  "routes/ministry/export-values-xlsx.ts": ["ministry", "admin"],
  "routes/ministry/export-tables.ts": ["ministry", "admin"],

  "routes/admin/layout.tsx": ["admin"],
  "routes/admin/home.tsx": ["admin"],
  "routes/admin/users.tsx": ["admin"],
  "routes/admin/audit.tsx": ["admin"],
  "routes/admin/catalogue.tsx": ["admin"],
  "routes/admin/indicator.tsx": ["admin"],
};
