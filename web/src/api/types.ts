// The JSON objects of docs/api.md, as the browser sees them.

export interface User {
  id: number;
  email: string;
  name: string;
  is_admin: boolean;
  has_password: boolean;
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
