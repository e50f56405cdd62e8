import { Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/auth/guards.server";

// The ministry's pages: reviewers, and administrators who support them.
export const middleware: Route.MiddlewareFunction[] = [requireAudience("ministry", "admin")];

export default function MinistryLayout() {
  return <Outlet />;
}
