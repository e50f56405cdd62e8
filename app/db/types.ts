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

export type ThemeCode = "milieu" | "klimaat" | "circulair" | "keten" | "diversiteit" | "social-return";
export type PlanStatus = "draft" | "submitted" | "accepted" | "returned";
export type CriteriaLevel = "basis" | "significant" | "ambitieus";
export type ActionStatus = "planned" | "running" | "done" | "dropped";

export interface ActionPlanTable {
  id: Generated<number>;
  organisation_id: number;
  created_at: string;
}

export interface ActionPlanVersionTable {
  id: Generated<number>;
  plan_id: number;
  number: number;
  status: PlanStatus;
  lock_version: Generated<number>;
  period_start_year: number | null;
  period_end_year: number | null;
  adopted_state: "adopted" | "not_yet" | null;
  adopted_on: string | null;
  published_url: string | null;
  file_name: string | null;
  file_sha256: string | null;
  file_size: number | null;
  budget_eur: number | null;
  staff_fte: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  submitted_at: string | null;
  submitted_by: number | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  return_reason: string | null;
}

export interface ActionPlanThemeTable {
  version_id: number;
  theme: ThemeCode;
  chosen: number;
  current_step: number | null;
  criteria_level: CriteriaLevel | null;
  ambition: string | null;
}

export interface ActionPlanTargetTable {
  version_id: number;
  theme: ThemeCode;
  year: number;
  target_step: number;
}

export interface ActionPlanActionTable {
  id: Generated<number>;
  version_id: number;
  position: number;
  title: string;
  themes: string;
  owner: string | null;
  planned_year: number | null;
  planned_quarter: number | null;
  status: ActionStatus;
}

export interface Database {
  action_plan: ActionPlanTable;
  action_plan_version: ActionPlanVersionTable;
  action_plan_theme: ActionPlanThemeTable;
  action_plan_target: ActionPlanTargetTable;
  action_plan_action: ActionPlanActionTable;
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
export type ActionPlanVersion = Selectable<ActionPlanVersionTable>;
