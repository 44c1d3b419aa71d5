// The JSON objects of docs/api.md, as the browser sees them.

export interface User {
  id: number;
  email: string;
  name: string;
  is_admin: boolean;
  has_password: boolean;
  /** A disabled account cannot sign in (admins see this in the user list). */
  disabled?: boolean;
  created_at?: string;
}

export interface Institution {
  id: number;
  name: string;
  /** Profiles naming it. */
  people: number;
}

/** De-identified counts of a program (GET /programs/{id}/summary). */
export interface ProgramSummary {
  program_id: number;
  enrollments: Record<string, number>;
  pairs: Record<string, number>;
  mentees_matched: number;
  mean_score: number | null;
  min_score: number | null;
}

export type Role = 'mentor' | 'mentee' | 'coordinator' | 'evaluator';

export interface Membership {
  enrollment_id: number;
  program_id: number;
  program_name: string;
  role: Role;
  status: EnrollmentStatus;
  participant_id: string | null;
}

export interface Me {
  user: User;
  memberships: Membership[];
  csrf_token: string;
}

export const FACETS = [
  'interests',
  'specialties',
  'goals',
  'experience',
  'background',
  'language',
  'availability',
  'preference',
] as const;
export type Facet = (typeof FACETS)[number];
export type Weights = Record<Facet, number>;

export type ProgramStatus = 'draft' | 'enrolling' | 'matching' | 'active' | 'closed';
export type MeetingMode = 'virtual' | 'in_person' | 'hybrid';

export interface Program {
  id: number;
  name: string;
  field: string;
  kind: 'cohort' | 'peer_support';
  objectives: string;
  starts_on: string | null;
  ends_on: string | null;
  cadence_days: number | null;
  meeting_mode: MeetingMode;
  cross_institution: boolean;
  status: ProgramStatus;
  weights: Weights;
  max_time_zone_difference_hours: number | null;
  min_score: number | null;
  created_at: string;
}

export type EnrollmentStatus = 'invited' | 'applied' | 'active' | 'withdrawn';

export interface Enrollment {
  id: number;
  program_id: number;
  user_id: number | null;
  role: Role;
  participant_id: string | null;
  status: EnrollmentStatus;
  capacity: number;
  name: string;
  email: string | null;
  profile_complete: boolean;
  created_at: string;
  updated_at: string;
}

export interface AvailabilityWindow {
  start_minute: number;
  minutes: number;
}

export interface Profile {
  participant_id: string;
  name: string;
  role: Role;
  institution: string;
  career_stage: string;
  time_zone: string;
  years_experience: number | null;
  capacity: number;
  interests: string[];
  specialties: string[];
  goals: string[];
  background: Record<string, string>;
  match_on: string[];
  languages: string[];
  availability: AvailabilityWindow[];
  prefer: string[];
  avoid: string[];
  bio: string;
}

export interface PairPerson {
  enrollment_id: number;
  participant_id: string;
  name: string;
}

export type PairStatus = 'proposed' | 'active' | 'completed' | 'dissolved';

export interface Pair {
  id: number;
  program_id: number;
  mentor: PairPerson;
  mentee: PairPerson;
  status: PairStatus;
  score: number | null;
  breakdown: Record<string, number>;
  matching_run_id: number | null;
  started_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  created_at: string;
}

export type Objective = 'optimal' | 'fair' | 'stable-mentee' | 'stable-mentor';

export interface PairRef {
  mentee: string;
  mentor: string;
}

export interface RunSummary {
  matched: number;
  unmatched: number;
  /** Mentees (in peer support, people looking for support) left without a partner. */
  unmatched_mentees?: number;
  /** Mentors (in peer support, volunteers) left without a partner. */
  unmatched_mentors?: number;
  total_score: number;
  min_score: number | null;
  mean_score: number | null;
  blocking_pairs: number;
  seconds: number;
}

export interface Proposal {
  mentee: string;
  mentor: string;
  mentee_name: string;
  mentor_name: string;
  score: number;
  breakdown: Record<string, number>;
  locked: boolean;
}

export interface Unmatched {
  id: string;
  name: string;
  role: 'mentor' | 'mentee';
  reason: string;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'published';

export interface MatchingRun {
  id: number;
  program_id: number;
  status: RunStatus;
  progress: number;
  settings: {
    objective: Objective;
    weights?: Weights;
    locks: PairRef[];
    forbids: PairRef[];
    min_score: number | null;
    top_k: number | null;
  };
  summary?: RunSummary | null;
  proposals?: Proposal[];
  unmatched?: Unmatched[];
  error: string | null;
  created_by: number | string | null;
  created_at: string;
  finished_at: string | null;
  published_at: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | number | null;
  /** The acting user's name; null for the command line, the system or an anonymous visitor. */
  actor_name?: string | null;
  /** The acting user's e-mail, for admins only. */
  actor_email?: string | null;
  /** What the entry is about in words ("Ana Diaz (mentee)", "Ana Diaz and Ben Cole"); null when gone. */
  entity_name?: string | null;
  program_name?: string | null;
  action: string;
  entity: string;
  entity_id: string | number | null;
  program_id: number | null;
  before: unknown;
  after: unknown;
}

export interface Topic {
  id: string;
  label: string;
  parent: string | null;
}

export interface Taxonomy {
  topics: Topic[];
  career_stages: string[];
  goals?: string[];
  languages?: string[];
}

export interface Invitation {
  email: string;
  name: string;
  program_id: number;
  program_name: string;
  role: Role;
  needs_password: boolean;
  expires_at: string;
}

export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  body: string;
  kind: string;
  created_at: string;
  sent_at: string | null;
}

export interface Problem {
  row: number;
  column: string;
  reason: string;
}

export interface ImportResult {
  rows: number;
  added: number;
  updated: number;
  warnings: Problem[];
}
