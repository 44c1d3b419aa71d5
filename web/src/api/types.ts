// The JSON objects of docs/api.md, as the browser sees them. Every type here
// is the server's contract in docs/openapi.yaml, generated into schema.d.ts
// (`npm run api-types`; test/openapi.test.ts fails when it is stale), so the
// browser and the server cannot drift: a field renamed or removed in the spec
// breaks the type check of every page that uses it. Only names and UI lists
// the spec cannot express are written here.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
/** The JSON body of a successful answer of `method` on `path`. */
type Answer<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

export type User = Schemas['User'];
export type Institution = Schemas['Institution'];
/** De-identified counts of a program (GET /programs/{id}/summary). */
export type ProgramSummary = Schemas['ProgramSummary'];
export type Role = Schemas['Role'];
export type Membership = Schemas['Membership'];
export type Me = Answer<'/api/v1/me', 'get'>;

/** The facets of a score, in the order the set-up sliders and breakdowns show them. */
export const FACETS = [
  'interests',
  'specialties',
  'goals',
  'experience',
  'background',
  'language',
  'availability',
  'preference',
] as const satisfies readonly (keyof Schemas['Weights'])[];
export type Facet = (typeof FACETS)[number];
export type Weights = Schemas['Weights'];

export type ProgramStatus = Schemas['ProgramStatus'];
export type Program = Schemas['Program'];
export type MeetingMode = Program['meeting_mode'];
export type EnrollmentStatus = Schemas['EnrollmentStatus'];
export type Enrollment = Schemas['Enrollment'];
/** A page of a program's people with the counts of the whole list. */
export type EnrollmentList = Answer<'/api/v1/programs/{id}/enrollments', 'get'>;
export type AvailabilityWindow = Schemas['AvailabilityWindow'];
export type Profile = Schemas['Profile'];
export type PairPerson = Schemas['PairMember'];
export type PairStatus = Schemas['PairStatus'];
export type Pair = Schemas['Pair'];
export type PairRef = Schemas['ParticipantPair'];
export type Proposal = Schemas['Proposal'];
export type MatchingRun = Schemas['MatchingRun'];
/** A run with one page of its proposals and unmatched (GET /matching-runs/{id}). */
export type RunStatus = MatchingRun['status'];
export type Objective = MatchingRun['settings']['objective'];
export type RunSummary = NonNullable<MatchingRun['summary']>;
export type Unmatched = NonNullable<MatchingRun['unmatched']>[number];
export type AuditEntry = Schemas['AuditEntry'];
export type Taxonomy = Schemas['Taxonomy'];
export type Topic = Taxonomy['topics'][number];
export type Invitation = Schemas['InvitationInfo'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type Problem = Schemas['Problem'];
export type ImportResult = Answer<'/api/v1/programs/{id}/participants/import', 'post'>;
export type Meeting = Schemas['Meeting'];
export type MeetingLog = Schemas['MeetingLog'];
export type FreeTime = Schemas['FreeTime'];
/** A pair's health (the name PairHealth is the pairs page's cell). */
export type PairHealthInfo = Schemas['PairHealth'];
export type JourneySettings = Schemas['JourneySettings'];
export type RetentionIndicator = Schemas['RetentionIndicator'];
export type Agreement = Schemas['Agreement'];
export type AgreementSpecifics = Schemas['AgreementSpecifics'];
export type Goal = Schemas['Goal'];
export type GoalCategory = Goal['category'];
export type GoalStatus = Goal['status'];
export type Milestone = Schemas['Milestone'];
export type Project = Schemas['Project'];
export type Output = Schemas['Output'];
export type OutputKind = Output['kind'];
export type Position = Schemas['Position'];
export type Outcomes = Schemas['Outcomes'];
export type PairJourney = Schemas['PairJourney'];
export type Resource = Schemas['Resource'];
export type ProgramEvent = Schemas['ProgramEvent'];
export type Invitee = Schemas['Invitee'];
export type NotificationItem = Schemas['Notification'];
/** A program's evaluation figures (GET /programs/{id}/evaluation). */
export type Evaluation = Schemas['Evaluation'];
export type Proportion = Schemas['Proportion'];
export type CountRow = Schemas['CountRow'];
export type SurveyResults = Schemas['SurveyResults'];
export type ItemResult = Schemas['ItemResult'];
export type AssociationReport = Schemas['AssociationReport'];
export type OutcomeAssociation = Schemas['OutcomeAssociation'];
/** A PDF of the program's report, made by a background job (GET /programs/{id}/reports). */
export type ReportView = Schemas['ReportView'];
/** How a program's pairs are made and the rules of mentees choosing (GET/PUT /programs/{id}/matching-mode). */
export type ChoiceSettings = Schemas['ChoiceSettings'];
export type MatchingMode = ChoiceSettings['mode'];
/** A mentee's ranked shortlist of mentors (GET /programs/{id}/shortlist). */
export type Shortlist = Schemas['Shortlist'];
export type ShortlistEntry = Schemas['ShortlistEntry'];
/** A mentee's request to a mentor. */
export type MentorRequest = Schemas['MentorRequest'];
export type RequestStatus = MentorRequest['status'];
/** Why a mentor declines (POST /requests/{id}/decline). */
export type DeclineReason = NonNullable<paths['/api/v1/requests/{id}/decline']['post']['requestBody']>['content']['application/json']['reason'];
/** One person of a program's side, for prefer and avoid lists (GET /programs/{id}/directory). */
export type DirectoryEntry = Schemas['DirectoryEntry'];
/** Peer support (docs/peer-support.md): the lists forms use, each as [{code, label}] (GET /peer-vocabulary). */
export type PeerVocabulary = Schemas['PeerVocabulary'];
export type PeerTerm = Schemas['PeerTerm'];
/** A peer-support profile: a person seeking support's or a volunteer's experience. */
export type PeerProfile = Schemas['PeerProfile'];
/** What the public request page shows of a program (GET /peer/programs/{id}). */
export type PublicPeerProgram = Answer<'/api/v1/peer/programs/{id}', 'get'>;
/** The answer to a request sent (POST /programs/{id}/peer-requests). */
export type SubmittedPeerRequest = Answer<'/api/v1/programs/{id}/peer-requests', 'post'>;
export type PeerRequest = Schemas['PeerRequest'];
export type PeerRequestStatus = PeerRequest['status'];
export type PeerQueueEntry = Schemas['PeerQueueEntry'];
export type PeerRequestView = Schemas['PeerRequestView'];
export type PeerOffer = Schemas['PeerOffer'];
export type PeerOfferStatus = PeerOffer['status'];
export type PeerCheckin = Schemas['PeerCheckin'];
/** An offer as its volunteer reads it through the e-mail's link. */
export type PeerOfferView = Schemas['PeerOfferView'];
/** A request as its person follows it through the e-mail's link. */
export type FollowedRequest = Schemas['FollowedRequest'];
export type CheckinAnswer = Answer<'/api/v1/peer/check-ins/{token}', 'post'>;
export type VolunteerSuggestion = Schemas['VolunteerSuggestion'];
export type VolunteerStanding = Schemas['VolunteerStanding'];
export type PeerSettings = Schemas['PeerSettings'];
export type PeerAccessEntry = Schemas['PeerAccessEntry'];
/** A program's own vocabulary: its taxonomy and intake questions (GET /programs/{id}/vocabulary). */
export type Vocabulary = Schemas['Vocabulary'];
/** A question as the vocabulary answers it: every field present. */
export type IntakeQuestion = Vocabulary['questions'][number];
export type QuestionKind = IntakeQuestion['kind'];
export type QuestionMatch = IntakeQuestion['match'];
export type QuestionAudience = IntakeQuestion['audience'];
export type QuestionOption = IntakeQuestion['options'][number];
/** A built-in vocabulary a program can start from (GET /taxonomy-templates). */
export type TaxonomyTemplate = Schemas['TaxonomyTemplate'];
/** One change to a taxonomy (POST /programs/{id}/taxonomy/edits). */
export type TaxonomyEdit = Schemas['TaxonomyEdit'];
export type TaxonomyListName = TaxonomyEdit['list'];
export type TaxonomyEditAnswer = Answer<'/api/v1/programs/{id}/taxonomy/edits', 'post'>;
/** A value people typed that the taxonomy lacks (GET /programs/{id}/taxonomy/free-tags). */
export type FreeTag = Answer<'/api/v1/programs/{id}/taxonomy/free-tags', 'get'>['free_tags'][number];
