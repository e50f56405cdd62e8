import { index, layout, prefix, route, type RouteConfig } from "@react-router/dev/routes";

// The URL map, cut first by audience. Dutch, lower-case URLs.
export default [
  // Public
  index("routes/public/home.tsx"),
  route("toegankelijkheid", "routes/public/accessibility.tsx"),
  route("inloggen", "routes/auth/login.tsx"),
  route("inloggen/code", "routes/auth/login-code.tsx"),
  route("inloggen/instellen", "routes/auth/login-setup.tsx"),
  route("uitloggen", "routes/auth/logout.tsx"),
  route("geen-toegang", "routes/auth/no-access.tsx"),
  route("wachtwoord-vergeten", "routes/auth/forgot-password.tsx"),
  route("wachtwoord-herstellen/:token", "routes/auth/reset-password.tsx"),
  route("uitnodiging/:token", "routes/auth/invitation.tsx"),

  // Every logged-in user: their own account
  route("account/beveiliging", "routes/account/security.tsx"),
  route("account/beveiliging/instellen", "routes/account/security-setup.tsx"),
  route("account/sessie", "routes/account/session.ts"),

  // Signatories: procurement officers, and the Unie (or another joint signatory) acting for others
  layout("routes/signatory/layout.tsx", [
    route("organisaties", "routes/signatory/choose-organisation.tsx"),
    route("organisatie/:slug", "routes/signatory/organisation-layout.tsx", [
      index("routes/signatory/organisation-home.tsx"),
      ...prefix("actieplan", [
        index("routes/signatory/plan/overview.tsx"),
        route("algemeen", "routes/signatory/plan/general.tsx"),
        route("themas", "routes/signatory/plan/themes.tsx"),
        route("acties", "routes/signatory/plan/actions.tsx"),
        route("acties/:actionId", "routes/signatory/plan/action-edit.tsx"),
        route("middelen", "routes/signatory/plan/resources.tsx"),
        route("controleren", "routes/signatory/plan/check.tsx"),
        route("versies/:number", "routes/signatory/plan/version.tsx"),
        route("versies/:number/plan.pdf", "routes/signatory/plan/file.ts"),
        route("vergelijken", "routes/signatory/plan/compare.tsx"),
      ]),
      route("rapportages", "routes/signatory/report/list.tsx"),
      ...prefix("rapportage/:year", [
        index("routes/signatory/report/overview.tsx"),
        route("voortgang", "routes/signatory/report/progress.tsx"),
        route("controleren", "routes/signatory/report/check.tsx"),
        route("versies/:number", "routes/signatory/report/version.tsx"),
        route("raster", "routes/signatory/report/grid.tsx"),
        route("raster.xlsx", "routes/signatory/report/grid-template.ts"),
        route("geschiedenis/:code", "routes/signatory/report/history.tsx"),
        route("geschiedenis/actie/:lineage", "routes/signatory/report/progress-history.tsx"),
        route(":section", "routes/signatory/report/section.tsx"),
      ]),
    ]),
  ]),

  // Ministry (IenW / PIANOo): reads every organisation, writes none of their data
  ...prefix("ministerie", [
    layout("routes/ministry/layout.tsx", [
      index("routes/ministry/home.tsx"),
      route("organisaties/:slug", "routes/ministry/organisation.tsx"),
      route("actieplannen", "routes/ministry/plans.tsx"),
      route("actieplannen/accepteren", "routes/ministry/accept.tsx", { id: "routes/ministry/accept-plans" }),
      route("actieplannen/:slug", "routes/ministry/plan.tsx"),
      route("actieplannen/:slug/versies/:number/plan.pdf", "routes/ministry/plan-file.ts"),
      route("actieplannen/:slug/vergelijken", "routes/ministry/plan-compare.tsx"),
      route("rapportages", "routes/ministry/reports.tsx"),
      route("rapportages/accepteren", "routes/ministry/accept.tsx"),
      route("rapportages/:slug/:year", "routes/ministry/report.tsx"),
      route("rapportages/:slug/:year/geschiedenis/:code", "routes/ministry/report-history.tsx"),
      route("rapportages/:slug/:year/geschiedenis/actie/:lineage", "routes/ministry/report-progress-history.tsx"),
      route("overzicht", "routes/ministry/overview.tsx"),
      route("overzicht/organisaties", "routes/ministry/overview-organisations.tsx"),
      route("volledigheid", "routes/ministry/completeness.tsx"),
      route("trends", "routes/ministry/trends.tsx"),
      route("kamerbrief", "routes/ministry/letter.tsx"),
      route("export/waarden.csv", "routes/ministry/export-values-csv.ts"),
      route("export/waarden.xlsx", "routes/ministry/export-values-xlsx.ts"),
      route("export/:file", "routes/ministry/export-tables.ts"),
    ]),
  ]),

  // Administrators
  ...prefix("beheer", [
    layout("routes/admin/layout.tsx", [
      index("routes/admin/home.tsx"),
      route("organisaties", "routes/admin/organisations.tsx"),
      route("organisaties/nieuw", "routes/admin/organisation-new.tsx"),
      route("organisaties/importeren", "routes/admin/organisation-import.tsx"),
      route("organisaties/:id", "routes/admin/organisation.tsx"),
      route("gebruikers", "routes/admin/users.tsx"),
      route("gebruikers/uitnodigen", "routes/admin/invite.tsx"),
      route("gebruikers/:id", "routes/admin/user.tsx"),
      route("jaren", "routes/admin/years.tsx"),
      route("jaren/:year", "routes/admin/year.tsx"),
      route("berichten", "routes/admin/mail.tsx"),
      route("audit", "routes/admin/audit.tsx"),
      route("audit.csv", "routes/admin/audit-csv.ts"),
      route("catalogus", "routes/admin/catalogue.tsx"),
      route("catalogus/nieuw", "routes/admin/indicator-new.tsx"),
      route("catalogus/:id", "routes/admin/indicator.tsx"),
    ]),
  ]),

  // Resources without UI
  route("healthz", "routes/resources/healthz.ts"),
  route(".well-known/security.txt", "routes/resources/security-txt.ts"),

  // Everything else: a Dutch 404 page
  route("*", "routes/public/not-found.tsx"),
] satisfies RouteConfig;
