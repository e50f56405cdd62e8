import { Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { requireAudience } from "~/flows/guards.server";

// Only users with an editor or viewer membership; which organisation is checked again per query.
export const middleware: Route.MiddlewareFunction[] = [requireAudience("signatory")];

export default function SignatoryLayout() {
  return <Outlet />;
}
