import type { Generated, Insertable, Selectable, Updateable } from "kysely";

// Table types mirror db/migrations. Timestamps are UTC ISO-8601 text; dates are YYYY-MM-DD.

export type OrganisationKind =
  "ministerie" | "uitvoeringsorganisatie" | "koepelorganisatie" | "provincie" | "gemeente" | "waterschap" | "overig";

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
  /** When the login of this session passed the second factor; null for a password-only login. */
  mfa_passed_at: string | null;
  /** When it timed out; the row stays (inert) for 12 hours, for kept input (kept_input). */
  ended_at: string | null;
}

/** A form posted after the session ended, kept for 15 minutes to fill in again after logging in. */
export interface KeptInputTable {
  id_hash: string;
  user_id: number;
  path: string;
  /** JSON: the posted fields as [name, value] pairs, in order. */
  fields: string;
  /** 1 when the post had files: those are not kept. */
  files_left_out: number;
  created_at: string;
  expires_at: string;
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

/** One subject's requests of one kind in one fixed time window (rate-limit.server.ts). */
export interface RateLimitTable {
  /** The kind and a hash of the subject: "post-ip:…", "post-session:…", "reset-email:…". */
  bucket: string;
  window_start: string;
  window_end: string;
  hits: number;
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
  /** Why the ministry reopened the accepted version this draft was copied from (null otherwise; optional on insert). */
  reopen_reason: Generated<string | null>;
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
  /** The action's identity across plan versions: the id of its first version (copied on revise). */
  lineage_id: number;
  position: number;
  title: string;
  themes: string;
  owner: string | null;
  planned_year: number | null;
  planned_quarter: number | null;
  status: ActionStatus;
}

export type IndicatorSection = "algemeen" | ThemeCode | "kwalitatief";
export type IndicatorUnit = "eur" | "count" | "tonnes_co2" | "tonnes" | "fte" | "people" | "step" | "choice" | "yes_no" | "text";
export type Aggregation = "sum" | "distribution" | "none";
export type AnswerState = "value" | "unknown" | "not_applicable";
export type ProgressStatus = "not_started" | "running" | "done" | "dropped";

export interface IndicatorTable {
  id: Generated<number>;
  year: number;
  code: string;
  section: IndicatorSection;
  position: number;
  label: string;
  help: string | null;
  unit: IndicatorUnit;
  aggregation: Aggregation;
  min_value: number | null;
  max_value: number | null;
  usual_max: number | null;
  choices: string | null;
  part_of_code: string | null;
  show_share: Generated<number>;
  continues_from_id: number | null;
  created_at: string;
  updated_at: string;
  /** Retired: no longer asked (kept for the reports that answered it). */
  retired: Generated<number>;
}

export interface ReportTable {
  id: Generated<number>;
  organisation_id: number;
  year: number;
  created_at: string;
  /** Kept by triggers (migration 20261206T180000): the counted version per data basis (counted-version.server.ts). */
  counted_accepted_version_id: Generated<number | null>;
  counted_submitted_version_id: Generated<number | null>;
}

export interface ReportVersionTable {
  id: Generated<number>;
  report_id: number;
  number: number;
  status: PlanStatus;
  lock_version: Generated<number>;
  late: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  submitted_at: string | null;
  submitted_by: number | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  return_reason: string | null;
  reopen_reason: string | null;
  /** The plan version in force when it was submitted (null for a draft: the plan that counts now). */
  plan_version_id: number | null;
  /** The newest catalogue revision id when it was submitted: it is shown and checked with the revisions up to it (null for a draft). */
  catalogue_revision: number | null;
}

/** A question's wording, help, bounds and choices as they were from a moment on (written by triggers on indicator). */
export interface IndicatorRevisionTable {
  id: Generated<number>;
  indicator_id: number;
  number: number;
  label: string;
  help: string | null;
  min_value: number | null;
  max_value: number | null;
  usual_max: number | null;
  choices: string | null;
  retired: Generated<number>;
  created_at: string;
}

/** A submitted version's numeric answers, packed (version-figures.server.ts); deleted when they change. */
export interface VersionFiguresTable {
  year: number;
  version_id: number;
  layout: string;
  figures: string;
}

export interface ReportValueTable {
  version_id: number;
  indicator_id: number;
  state: AnswerState;
  number_value: number | null;
  text_value: string | null;
  explanation: string | null;
  prefilled: Generated<number>;
  entered_by: number | null;
  entered_at: string;
}

export interface ReportActionProgressTable {
  version_id: number;
  /** The plan action's lineage (action_plan_action.lineage_id), so progress survives plan revisions. */
  action_lineage_id: number;
  status: ProgressStatus | null;
  note: string | null;
  entered_by: number | null;
  entered_at: string;
}

export interface InvitationTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  organisation_id: number;
  role: MembershipRole;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DeadlineExtensionTable {
  organisation_id: number;
  year: number;
  due_at: string;
  reason: string;
  granted_by: number | null;
  created_at: string;
}

export type MailStatus = "pending" | "sent" | "failed";

export interface MailMessageTable {
  id: Generated<number>;
  dedupe_key: string | null;
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface UserMfaTable {
  user_id: number;
  /** Encrypted (see app/auth/totp.server.ts), never the plain secret. */
  secret_enc: string;
  created_at: string;
  /** Null while the set-up waits for its first code. */
  confirmed_at: string | null;
  last_used_step: number | null;
}

export interface MfaRecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Change counters kept by triggers; caches of derived data compare them (models/data-change.server.ts). */
export type DataChangeScope = "reports" | "catalogue" | "organisations" | "memberships" | "figures";
export interface DataChangeTable {
  scope: DataChangeScope;
  counter: Generated<number>;
}

/** The way a change came in (value_change.channel). */
export type Channel = "form" | "grid" | "upload" | "import" | "script";
export type ValueChangeSubject = "answer" | "progress" | "plan" | "theme" | "action" | "question" | "organisation";

/** Every value's history; append-only (triggers refuse update and delete). */
export interface ValueChangeTable {
  id: Generated<number>;
  audit_event_id: number;
  occurred_at: string;
  organisation_id: number | null;
  subject: ValueChangeSubject;
  report_id: number | null;
  plan_id: number | null;
  indicator_id: number | null;
  version_number: number | null;
  item: string | null;
  field: string;
  /** JSON text. */
  before: string | null;
  /** JSON text. */
  after: string | null;
  channel: Channel;
}

/** A reviewer's question on one value of a submitted version (migration 20261208T090000). */
export interface ReviewQuestionTable {
  id: Generated<number>;
  organisation_id: number;
  document: "report" | "plan";
  report_id: number | null;
  plan_id: number | null;
  version_id: number;
  version_number: number;
  target: ReviewQuestionTarget;
  /** The report question's code, the action's lineage id, or the theme's code. */
  item: string;
  text: string;
  follow_up: Generated<number>;
  asked_by: number;
  asked_at: string;
  answer: string | null;
  answered_by: number | null;
  answered_at: string | null;
  closed_by: number | null;
  closed_at: string | null;
}
export type ReviewQuestionTarget = "answer" | "action" | "theme";

export interface Database {
  review_question: ReviewQuestionTable;
  value_change: ValueChangeTable;
  indicator_revision: IndicatorRevisionTable;
  data_change: DataChangeTable;
  invitation: InvitationTable;
  password_reset: PasswordResetTable;
  deadline_extension: DeadlineExtensionTable;
  mail_message: MailMessageTable;
  indicator: IndicatorTable;
  report: ReportTable;
  report_version: ReportVersionTable;
  report_value: ReportValueTable;
  version_figures: VersionFiguresTable;
  report_action_progress: ReportActionProgressTable;
  action_plan: ActionPlanTable;
  action_plan_version: ActionPlanVersionTable;
  action_plan_theme: ActionPlanThemeTable;
  action_plan_target: ActionPlanTargetTable;
  action_plan_action: ActionPlanActionTable;
  organisation: OrganisationTable;
  user: UserTable;
  membership: MembershipTable;
  session: SessionTable;
  kept_input: KeptInputTable;
  audit_event: AuditEventTable;
  reporting_year: ReportingYearTable;
  login_attempt: LoginAttemptTable;
  rate_limit: RateLimitTable;
  user_mfa: UserMfaTable;
  mfa_recovery_code: MfaRecoveryCodeTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Session = Selectable<SessionTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type ReportingYear = Selectable<ReportingYearTable>;
export type Invitation = Selectable<InvitationTable>;
export type MailMessage = Selectable<MailMessageTable>;
export type ActionPlanVersion = Selectable<ActionPlanVersionTable>;
export type Indicator = Selectable<IndicatorTable>;
