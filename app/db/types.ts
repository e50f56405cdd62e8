import type { Generated, Insertable, Selectable, Updateable } from "kysely";

// Table types mirror db/migrations. Timestamps are UTC ISO-8601 text; dates are YYYY-MM-DD.

export type OrganisationKind =
  | "ministerie"
  | "uitvoeringsorganisatie"
  | "koepelorganisatie"
  | "provincie"
  | "gemeente"
  | "waterschap"
  | "overig";

export type Sector = "rijksoverheid" | "provincies" | "gemeenten" | "waterschappen" | "overig";

export type MembershipRole = "editor" | "viewer" | "reviewer" | "admin";

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: OrganisationKind;
  sector: Sector;
  signed_via_id: number | null;
  signed_at: string | null;
  source_url: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  active: Generated<number>;
  created_at: string;
  last_login_at: string | null;
}

export interface MembershipTable {
  id: Generated<number>;
  user_id: number;
  organisation_id: number;
  role: MembershipRole;
  created_at: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  acting_organisation_id: number | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: string;
  user_id: number | null;
  user_email: string | null;
  acting_organisation_id: number | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: Generated<"success" | "failure">;
  ip: string | null;
  detail: string | null;
}

export interface ReportingYearTable {
  year: number;
  opens_at: string;
  due_at: string;
  created_at: string;
  updated_at: string;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  email_key: string;
  ip: string;
  succeeded: number;
  attempted_at: string;
}

export interface Database {
  organisation: OrganisationTable;
  user: UserTable;
  membership: MembershipTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  reporting_year: ReportingYearTable;
  login_attempt: LoginAttemptTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Session = Selectable<SessionTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type ReportingYear = Selectable<ReportingYearTable>;
