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

// Context keys are compared by identity: the HTTP server and the routes are one build
// (app/server/portal.server.ts), so each key exists once.
export const requestInfoContext = createContext<RequestInfo>({ ip: "unknown", nonce: "" });
/** Filled by the root middleware: the logged-in user, or null. */
export const currentUserContext = createContext<CurrentUser | null>(null);
/** Filled by the root middleware: the user whose session this request's cookie belonged to, when it has just timed out. */
export const endedSessionContext = createContext<{ userId: number } | null>(null);
