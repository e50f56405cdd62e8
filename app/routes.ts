import { index, layout, prefix, route, type RouteConfig } from "@react-router/dev/routes";

// The URL map, cut first by audience. Dutch, lower-case URLs.
export default [
  // Public
  index("routes/public/home.tsx"),
  route("toegankelijkheid", "routes/public/accessibility.tsx"),
  route("inloggen", "routes/auth/login.tsx"),
  route("uitloggen", "routes/auth/logout.tsx"),
  route("geen-toegang", "routes/auth/no-access.tsx"),

  // Signatories: procurement officers, and the Unie (or another joint signatory) acting for others
  layout("routes/signatory/layout.tsx", [
    route("organisaties", "routes/signatory/choose-organisation.tsx"),
    route("organisatie/:slug", "routes/signatory/organisation-layout.tsx", [
      index("routes/signatory/organisation-home.tsx"),
    ]),
  ]),

  // Ministry (IenW / PIANOo): reads every organisation, writes none of their data
  ...prefix("ministerie", [
    layout("routes/ministry/layout.tsx", [
      index("routes/ministry/home.tsx"),
      route("organisaties/:slug", "routes/ministry/organisation.tsx"),
    ]),
  ]),

  // Administrators
  ...prefix("beheer", [
    layout("routes/admin/layout.tsx", [
      index("routes/admin/home.tsx"),
      route("gebruikers", "routes/admin/users.tsx"),
      route("audit", "routes/admin/audit.tsx"),
    ]),
  ]),

  // Resources without UI
  route("healthz", "routes/resources/healthz.ts"),

  // Everything else: a Dutch 404 page
  route("*", "routes/public/not-found.tsx"),
] satisfies RouteConfig;
