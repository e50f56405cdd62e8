import { createContext } from "react-router";
import type { Audience } from "~/auth/permissions";
import type { UserMembership } from "~/models/user.server";
import type { SessionMfaState } from "~/models/session.server";

export type RequestInfo = {
  /** Client IP address (from X-Forwarded-For only when TRUST_PROXY=1). */
  ip: string;
  /** The Content-Security-Policy nonce of this response. */
  nonce: string;
};

export type CurrentUser = {
  id: number;
  email: string;
  name: string;
  sessionIdHash: string;
  actingOrganisationId: number | null;
  /** Whether this session's login passed the second factor, and whether the user has MFA on now. */
  mfa: SessionMfaState;
  memberships: readonly UserMembership[];
  audiences: Audience[];
};

/**
 * Context keys are compared by identity. The HTTP server (loaded from source by tsx) and the
 * built app (bundled by Vite) each hold a copy of this module, so the keys live on globalThis
 * under registered symbols: both copies then use the very same key objects.
 */
function sharedContext<T>(name: string, defaultValue: T) {
  const key = Symbol.for(`mvoi.context.${name}`);
  const store = globalThis as unknown as Record<symbol, ReturnType<typeof createContext<T>>>;
  store[key] ??= createContext<T>(defaultValue);
  return store[key];
}

export const requestInfoContext = sharedContext<RequestInfo>("requestInfo", { ip: "unknown", nonce: "" });
/** Filled by the root middleware: the logged-in user, or null. */
export const currentUserContext = sharedContext<CurrentUser | null>("currentUser", null);
