import { env } from "~/env.server";

/** The portal's origin for links in e-mail: PUBLIC_ORIGIN when set, else the request's own. */
export function portalOrigin(request: Request): string {
  const configured = env().PUBLIC_ORIGIN;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
