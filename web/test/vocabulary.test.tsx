// Per-program vocabularies and intake questions (issue 23): the helpers of
// lib/vocabulary.ts (codes from labels, comparable questions, the topic tree,
// facet names), the profile's questions rendered by kind with their errors,
// the question form (codes that follow the text and labels, the ways a kind
// can count, the server's field errors beside their field), the questions
// editor's "retire it instead" on a 409, the taxonomy tools (a rename says
// how many profiles changed; merge and remove ask first), and the profile
// page sending answers and showing answers.<code> beside the question.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import type { IntakeQuestion, Me, Taxonomy, TaxonomyEdit, Vocabulary } from '../src/api/types';
import { ApiError } from '../src/api/client';
import { codeFromLabel, compareCandidates, facetNaming, matchWaysFor, missingAnswers, newQuestion, questionsFor, subtree, topicChoices, topicTree, uniqueCode } from '../src/lib/vocabulary';
import { QuestionField, QuestionFields } from '../src/components/QuestionFields';
import { QuestionForm, QuestionsEditor, questionError } from '../src/components/QuestionEditor';
import { TopicTree, ValueList, editMessage } from '../src/components/TaxonomyEditor';
import { BreakdownBar, BreakdownDetails, BreakdownLegend } from '../src/components/BreakdownBar';
import { ProfilePage } from '../src/pages/profile';
import { SessionContext } from '../src/session';

afterEach(() => vi.unstubAllGlobals());

const q = (over: Partial<IntakeQuestion>): IntakeQuestion => ({ ...newQuestion([]), ...over });
const SHIFT = q({
  code: 'shift',
  text: 'Which shift do you work?',
  kind: 'single',
  options: [
    { code: 'day', label: 'Day' },
    { code: 'night', label: 'Night' },
  ],
  required: true,
  match: 'must_match',
  weight: 10,
});
const HELP_WITH = q({ code: 'help_with', text: 'Areas you can help with', kind: 'multiple', options: [{ code: 'a', label: 'A' }, { code: 'b', label: 'B' }], audience: 'mentors' });
const WANT_HELP = q({ code: 'want_help', text: 'Areas you want help with', kind: 'multiple', options: [{ code: 'b', label: 'B' }, { code: 'a', label: 'A' }], audience: 'mentees', match: 'overlap' });
const CONFIDENCE = q({ code: 'confidence', text: 'How confident are you with ports?', kind: 'scale', scale_min: 1, scale_max: 5, audience: 'mentees', help: '1 is not at all' });
const NOTES = q({ code: 'notes', text: 'Anything else?', kind: 'text', audience: 'both' });
const NIGHTS = q({ code: 'nights', text: 'Do you work nights?', kind: 'yes_no', audience: 'mentors', required: true });
const RETIRED = q({ code: 'old', text: 'An old question', kind: 'text', retired: true });

const TAXONOMY: Taxonomy = {
  topics: [
    { id: 'symptom management', label: 'symptom management', parent: null },
    { id: 'cancer pain', label: 'cancer pain', parent: 'symptom management' },
    { id: 'mucositis', label: 'mucositis', parent: 'symptom management' },
    { id: 'navigation', label: 'navigation', parent: null },
  ],
  goals: ['ocn certification', 'charge nurse role'],
  career_stages: ['new graduate nurse', 'staff nurse', 'charge nurse'],
  languages: ['english', 'french'],
};

const vocabulary = (questions: IntakeQuestion[], over: Partial<Vocabulary> = {}): Vocabulary => ({
  program_id: 7,
  source: 'template:oncology_nursing',
  built_in: false,
  revision: 3,
  updated_at: '2026-12-01T10:00:00Z',
  taxonomy: TAXONOMY,
  questions,
  ...over,
});

describe('vocabulary helpers', () => {
  it('makes codes from labels', () => {
    const cases: [string, string][] = [
      ['Which shift do you work?', 'which_shift_do_you_work'],
      ['  In person ', 'in_person'],
      ['Évening / weekend', 'evening_weekend'],
      ['24-hour shifts', 'q_24_hour_shifts'],
      ['???', ''],
      ['A'.repeat(60), 'a'.repeat(40)],
    ];
    for (const [label, want] of cases) expect(codeFromLabel(label), label).toBe(want);
    expect(uniqueCode('day', ['day', 'day_2'])).toBe('day_3');
    expect(uniqueCode('', [])).toBe('question');
  });

  it('asks each side its own questions, never retired ones', () => {
    const all = [SHIFT, HELP_WITH, WANT_HELP, RETIRED, NIGHTS];
    expect(questionsFor('mentor', all).map((x) => x.code)).toEqual(['shift', 'help_with', 'nights']);
    expect(questionsFor('mentee', all).map((x) => x.code)).toEqual(['shift', 'want_help']);
  });

  it('offers to compare a mentees’ question only with mentors’ questions of the same kind and options', () => {
    const other = q({ code: 'other', kind: 'multiple', audience: 'mentors', options: [{ code: 'a', label: 'A' }, { code: 'c', label: 'C' }] });
    const single = q({ code: 'single', kind: 'single', audience: 'mentors', options: HELP_WITH.options });
    expect(compareCandidates(WANT_HELP, [HELP_WITH, WANT_HELP, other, single, SHIFT]).map((x) => x.code)).toEqual(['help_with']);
    expect(compareCandidates(HELP_WITH, [HELP_WITH, WANT_HELP])).toEqual([]);
  });

  it('lets each kind count only in the ways that make sense', () => {
    expect(matchWaysFor('scale')).toContain('closeness');
    expect(matchWaysFor('single')).not.toContain('closeness');
    expect(matchWaysFor('multiple')).toContain('overlap');
    expect(matchWaysFor('text')).toEqual(['none', 'same']);
  });

  it('finds required questions left unanswered', () => {
    expect(missingAnswers([SHIFT, NOTES, NIGHTS], { shift: [], notes: ['  '] })).toEqual({ shift: 'Choose an answer.', nights: 'Choose an answer.' });
    expect(missingAnswers([SHIFT], { shift: ['day'] })).toEqual({});
  });

  it('builds the topic tree and never moves a topic under itself', () => {
    const tree = topicTree(TAXONOMY.topics);
    expect(tree.map((n) => n.topic.id)).toEqual(['navigation', 'symptom management']);
    expect(tree[1].children.map((n) => n.topic.id)).toEqual(['cancer pain', 'mucositis']);
    expect([...subtree(TAXONOMY.topics, 'symptom management')].sort()).toEqual(['cancer pain', 'mucositis', 'symptom management']);
    expect(topicChoices(TAXONOMY.topics, subtree(TAXONOMY.topics, 'symptom management'))).toEqual([['navigation', 'navigation']]);
    expect(topicChoices(TAXONOMY.topics)[2]).toEqual(['cancer pain', 'symptom management › cancer pain']);
  });

  it('names question facets by their text, after the built-in facets', () => {
    const n = facetNaming([SHIFT, WANT_HELP]);
    expect(n.labelOf('question:shift')).toBe('Which shift do you work?');
    expect(n.labelOf('question:gone')).toBe('gone');
    expect(n.labelOf('interests')).toBe('Interests');
    expect(['question:want_help', 'question:shift', 'preference', 'interests'].sort(n.order)).toEqual(['interests', 'preference', 'question:shift', 'question:want_help']);
    expect(n.questionPoints).toBe(10 + 10); // WANT_HELP counts with the default 10 points
    expect(n.colors['question:shift']).toMatch(/^#/);
  });

  it('says what an edit did, with the profiles it updated', () => {
    const e = (x: Partial<TaxonomyEdit>): TaxonomyEdit => ({ op: 'rename', list: 'topic', value: 'a', ...x });
    expect(editMessage(e({ to: 'b' }), 3)).toBe('Renamed “a” to “b”: 3 profiles updated.');
    expect(editMessage(e({ op: 'merge', to: 'b' }), 1)).toBe('Merged “a” into “b”: 1 profile updated.');
    expect(editMessage(e({ op: 'add', parent: 'p' }), 0)).toBe('Added “a” under “p”.');
    expect(questionError(new ApiError(400, 'invalid_argument', 'bad', 'questions[1].options[0].code'), 1, 'options')).toBe('bad');
    expect(questionError(new ApiError(400, 'invalid_argument', 'bad', 'questions[1].text'), 0, 'text')).toBeNull();
  });
});

describe('breakdowns with questions', () => {
  it('label a question’s bar with its text, not its code', () => {
    const n = facetNaming([SHIFT]);
    const breakdown = { interests: 20, 'question:shift': 10 };
    render(
      <>
        <BreakdownLegend facets={Object.keys(breakdown)} labelOf={n.labelOf} colors={n.colors} />
        <BreakdownBar breakdown={breakdown} labelOf={n.labelOf} colors={n.colors} />
        <BreakdownDetails breakdown={breakdown} labelOf={n.labelOf} order={n.order} />
      </>,
    );
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Score breakdown: Interests 20.0, Which shift do you work? 10.0');
    expect(within(screen.getByRole('list')).getByText('Which shift do you work?')).toBeTruthy();
    expect(screen.queryByText('question:shift')).toBeNull();
    expect(screen.getByText('Which shift do you work?', { selector: 'dt' })).toBeTruthy();
  });
});

describe('profile questions by kind', () => {
  function Controlled({ questions, errors = {} }: { questions: IntakeQuestion[]; errors?: Record<string, string> }) {
    const [a, setA] = useState<Record<string, string[]>>({});
    return (
      <>
        <QuestionFields questions={questions} answers={a} onChange={setA} errors={errors} />
        <output data-testid="answers">{JSON.stringify(a)}</output>
      </>
    );
  }

  it('renders radio buttons, checkboxes, a scale, text and yes/no, and collects answers as the API wants them', async () => {
    const user = userEvent.setup();
    render(<Controlled questions={[SHIFT, HELP_WITH, CONFIDENCE, NOTES, NIGHTS]} />);
    const shift = screen.getByRole('radiogroup', { name: /Which shift do you work\?/ });
    expect(within(shift).getAllByRole('radio')).toHaveLength(2);
    expect(shift.getAttribute('aria-required')).toBe('true');
    expect(within(shift).getByText('(required)')).toBeTruthy();
    await user.click(within(shift).getByRole('radio', { name: 'Night' }));
    const help = screen.getByRole('group', { name: /Areas you can help with \(optional\)/ });
    await user.click(within(help).getByRole('checkbox', { name: 'A' }));
    await user.click(within(help).getByRole('checkbox', { name: 'B' }));
    await user.click(within(help).getByRole('checkbox', { name: 'A' }));
    const scale = screen.getByRole('radiogroup', { name: /How confident are you with ports\?/ });
    expect(within(scale).getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['1', '2', '3', '4', '5']);
    expect(scale.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(scale).getByText('1 is not at all')).toBeTruthy();
    await user.click(within(scale).getByRole('radio', { name: '4' }));
    await user.type(screen.getByRole('textbox', { name: /Anything else\?/ }), 'Nights only');
    await user.click(within(screen.getByRole('radiogroup', { name: /Do you work nights\?/ })).getByRole('radio', { name: 'Yes' }));
    expect(JSON.parse(screen.getByTestId('answers').textContent!)).toEqual({ shift: ['night'], help_with: ['b'], confidence: ['4'], notes: ['Nights only'], nights: ['yes'] });
  });

  it('shows an error under its question and marks it invalid', () => {
    render(<QuestionField question={SHIFT} value={[]} onChange={() => {}} error="Choose an answer." />);
    const group = screen.getByRole('radiogroup');
    expect(group.getAttribute('aria-invalid')).toBe('true');
    const err = screen.getByText('Choose an answer.');
    expect(group.getAttribute('aria-describedby')).toContain(err.id);
  });
});

describe('the question form', () => {
  function renderForm(error: unknown = null, initial = newQuestion([]), all: IntakeQuestion[] = []) {
    const onSave = vi.fn();
    render(<QuestionForm initial={initial} index={all.length} all={[...all, initial]} isNew error={error} busy={false} onSave={onSave} onCancel={() => {}} />);
    return onSave;
  }

  it('makes the code from the text and option codes from labels until they are typed', async () => {
    const user = userEvent.setup();
    const onSave = renderForm();
    await user.type(screen.getByLabelText('Question'), 'Which shift do you work?');
    expect((screen.getByLabelText('Code', { selector: 'input:not(.option-row input)' }) as HTMLInputElement).value).toBe('which_shift_do_you_work');
    await user.click(screen.getByRole('button', { name: 'Add an option' }));
    await user.click(screen.getByRole('button', { name: 'Add an option' }));
    const labels = screen.getAllByLabelText('Label');
    await user.type(labels[0], 'Day shift');
    await user.type(labels[1], 'Night shift');
    const rows = document.querySelectorAll('.option-row');
    const codeOf = (i: number) => (within(rows[i] as HTMLElement).getByLabelText('Code') as HTMLInputElement).value;
    expect([codeOf(0), codeOf(1)]).toEqual(['day_shift', 'night_shift']);
    const code1 = within(rows[1] as HTMLElement).getByLabelText('Code');
    await user.clear(code1);
    await user.type(code1, 'night');
    await user.type(labels[1], 's');
    expect(codeOf(1)).toBe('night');
    await user.click(screen.getByRole('radio', { name: /^Must match/ }));
    await user.click(screen.getByRole('button', { name: 'Add the question' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    const saved = onSave.mock.calls[0][0] as IntakeQuestion;
    expect(saved).toMatchObject({ code: 'which_shift_do_you_work', kind: 'single', match: 'must_match', options: [{ code: 'day_shift', label: 'Day shift' }, { code: 'night', label: 'Night shifts' }] });
  });

  it('refuses a choice question with fewer than two options, beside the options', async () => {
    const user = userEvent.setup();
    const onSave = renderForm();
    await user.type(screen.getByLabelText('Question'), 'Shift?');
    await user.click(screen.getByRole('button', { name: 'Add the question' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Offer at least two options.')).toBeTruthy();
  });

  it('offers only the ways a kind can count, with their explanations', async () => {
    const user = userEvent.setup();
    renderForm();
    expect(screen.queryByRole('radio', { name: /^Closeness on the scale/ })).toBeNull();
    await user.selectOptions(screen.getByLabelText('Kind of answer'), 'scale');
    expect(screen.getByRole('radio', { name: /^Closeness on the scale — Full points for the same number/ })).toBeTruthy();
    expect(screen.queryByRole('radio', { name: /^Must match/ })).toBeNull();
    expect(screen.getByLabelText('From')).toBeTruthy();
  });

  it('shows the server’s field errors beside their field: compare_with, and one option’s code', async () => {
    const user = userEvent.setup();
    const initial = { ...WANT_HELP, code: 'want_help' };
    renderForm(new ApiError(400, 'invalid_argument', 'compare with a mentors’ question', 'questions[1].compare_with'), initial, [HELP_WITH]);
    const select = screen.getByLabelText("Compare with the mentors' question");
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(within(select).getByRole('option', { name: 'Areas you can help with (help_with)' })).toBeTruthy();
    expect(screen.getByText('compare with a mentors’ question').className).toBe('field-error');
    await user.selectOptions(select, 'help_with');
  });

  it('marks only the option the server names', () => {
    const initial = { ...SHIFT, options: [{ code: 'day', label: 'Day' }, { code: 'Night Shift', label: 'Night' }] };
    renderForm(new ApiError(400, 'invalid_argument', "an option's code is 1 to 40 of a-z, 0-9 and _", 'questions[0].options[1].code'), initial, []);
    const rows = document.querySelectorAll('.option-row');
    expect(within(rows[1] as HTMLElement).getByLabelText('Code').getAttribute('aria-invalid')).toBe('true');
    expect(within(rows[0] as HTMLElement).getByLabelText('Code').getAttribute('aria-invalid')).toBeNull();
    expect(within(rows[1] as HTMLElement).getByText(/an option's code is/)).toBeTruthy();
  });
});

// ---------------------------------------------------------------- stubs --

function stubFetch(handler: (key: string, body: unknown) => { status?: number; body: unknown }) {
  const calls: { key: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const key = `${init.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`;
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ key, body });
      const r = handler(key, body);
      return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

describe('the questions editor', () => {
  it('offers to retire a question people answered when deleting it is refused (409)', async () => {
    const user = userEvent.setup();
    const calls = stubFetch((_key, body) => {
      const qs = (body as { questions: IntakeQuestion[] }).questions;
      if (qs.length < 2) return { status: 409, body: { error: { code: 'conflict', message: '10 people answered "shift": retire the question instead of removing it (its answers stay)' } } };
      return { body: vocabulary(qs) };
    });
    function Host() {
      const [v, setV] = useState(vocabulary([SHIFT, NOTES]));
      return <QuestionsEditor programId={7} vocabulary={v} onSaved={setV} />;
    }
    render(<Host />);
    await user.click(screen.getByRole('button', { name: 'Delete Which shift do you work?' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete Which shift do you work?' }));
    await screen.findByText(/10 people answered "shift"/);
    await user.click(screen.getByRole('button', { name: 'Retire it instead' }));
    await screen.findByText(/Retired “Which shift do you work\?”/);
    expect(calls.map((c) => c.key)).toEqual(['PUT /programs/7/questions', 'PUT /programs/7/questions']);
    expect((calls[1].body as { questions: IntakeQuestion[] }).questions.map((x) => [x.code, x.retired])).toEqual([
      ['shift', true],
      ['notes', false],
    ]);
    expect(screen.getByText('retired')).toBeTruthy();
  });
});

describe('the taxonomy tools', () => {
  it('renames a topic and says how many profiles were updated; merging asks first', async () => {
    const user = userEvent.setup();
    const edits: TaxonomyEdit[] = [];
    const messages: string[] = [];
    const edit = async (e: TaxonomyEdit) => {
      edits.push(e);
      messages.push(editMessage(e, 3));
      return { vocabulary: vocabulary([]), profiles_changed: 3 };
    };
    render(<TopicTree taxonomy={TAXONOMY} edit={edit} />);
    expect(screen.getByRole('heading', { name: 'Topics (4)' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Change cancer pain' }));
    const tools = screen.getByRole('group', { name: 'Change “cancer pain”' });
    // Move: never under itself; the parent is preselected.
    const under = within(tools).getByLabelText('Move under') as HTMLSelectElement;
    expect(under.value).toBe('symptom management');
    const rename = within(tools).getByLabelText('Rename “cancer pain”');
    await user.clear(rename);
    await user.type(rename, 'cancer pain management');
    await user.click(within(tools).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(edits).toHaveLength(1));
    expect(edits[0]).toEqual({ op: 'rename', list: 'topic', value: 'cancer pain', to: 'cancer pain management' });
    expect(messages[0]).toBe('Renamed “cancer pain” to “cancer pain management”: 3 profiles updated.');

    await user.click(screen.getByRole('button', { name: 'Change mucositis' }));
    const t2 = screen.getByRole('group', { name: 'Change “mucositis”' });
    await user.selectOptions(within(t2).getByLabelText('Merge “mucositis” into'), 'cancer pain');
    await user.click(within(t2).getByRole('button', { name: 'Merge…' }));
    expect(edits).toHaveLength(1);
    expect(within(t2).getByText(/every profile that uses it gets “cancer pain”/)).toBeTruthy();
    await user.click(within(t2).getByRole('button', { name: 'Yes, merge' }));
    await waitFor(() => expect(edits).toHaveLength(2));
    expect(edits[1]).toEqual({ op: 'merge', list: 'topic', value: 'mucositis', to: 'cancer pain' });
  });

  it('shows an edit’s field error beside the field', async () => {
    const user = userEvent.setup();
    const edit = async () => {
      throw new ApiError(400, 'invalid_argument', '“staff nurse” is already a career stage', 'to');
    };
    render(<ValueList list="career_stage" taxonomy={TAXONOMY} edit={edit} />);
    await user.click(screen.getByRole('button', { name: 'Change charge nurse' }));
    const rename = screen.getByLabelText('Rename “charge nurse”');
    await user.clear(rename);
    await user.type(rename, 'staff nurse');
    await user.click(screen.getByRole('button', { name: 'Rename' }));
    const err = await screen.findByText('“staff nurse” is already a career stage');
    expect(rename.getAttribute('aria-invalid')).toBe('true');
    expect(rename.getAttribute('aria-describedby')).toContain(err.id);
  });

  it('moves career stages up and down, most junior first', async () => {
    const user = userEvent.setup();
    const edits: TaxonomyEdit[] = [];
    render(<ValueList list="career_stage" taxonomy={TAXONOMY} edit={async (e) => (edits.push(e), { vocabulary: vocabulary([]), profiles_changed: 0 })} />);
    expect((screen.getByRole('button', { name: 'Move new graduate nurse up' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Move charge nurse up' }));
    await waitFor(() => expect(edits).toEqual([{ op: 'move', list: 'career_stage', value: 'charge nurse', position: 1 }]));
  });
});

describe('the profile form with questions', () => {
  const me: Me = {
    user: { id: 1, email: 'fay@x.test', name: 'Fay Chen', is_admin: false, disabled: false, has_password: true, created_at: '2026-01-01T00:00:00Z' },
    csrf_token: 't',
    memberships: [{ enrollment_id: 5, program_id: 7, program_name: 'Nurses', program_kind: 'cohort', role: 'mentee', status: 'active' }],
  } as unknown as Me;
  const profile = {
    participant_id: 'NE2',
    name: 'Fay Chen',
    role: 'mentee',
    institution: 'Riverside',
    career_stage: 'staff nurse',
    time_zone: 'America/Toronto',
    years_experience: 2,
    capacity: 1,
    interests: ['cancer pain'],
    specialties: [],
    goals: [],
    background: {},
    match_on: [],
    languages: ['english'],
    availability: [],
    prefer: [],
    avoid: [],
    bio: '',
    answers: { old: ['kept'] },
  };

  it('asks the mentee’s questions, refuses an unanswered required one beside it, sends answers and shows answers.<code> errors', async () => {
    const user = userEvent.setup();
    let reply: { status?: number; body: unknown } | null = null;
    const calls = stubFetch((key) => {
      if (key === 'GET /enrollments/5') return { body: { id: 5, program_id: 7, role: 'mentee' } };
      if (key === 'GET /enrollments/5/profile') return { body: profile };
      if (key === 'GET /programs/7/vocabulary') return { body: vocabulary([SHIFT, WANT_HELP, NIGHTS, RETIRED]) };
      if (key === 'PUT /enrollments/5/profile') return reply!;
      if (key.startsWith('GET /programs/7/directory') || key.startsWith('GET /me/')) return { body: { people: [], feed_url: null } };
      return { status: 404, body: { error: { code: 'not_found', message: key } } };
    });
    render(
      <SessionContext.Provider value={{ me, refresh: async () => me, signOut: async () => {} }}>
        <ProfilePage enrollmentId={5} />
      </SessionContext.Provider>,
    );
    const section = await screen.findByRole('region', { name: "The program's questions" }, { timeout: 5000 });
    // Mentees' and both sides' questions only; retired and mentors' ones are not asked.
    expect(within(section).getByRole('radiogroup', { name: /Which shift do you work\?/ })).toBeTruthy();
    expect(within(section).getByRole('group', { name: /Areas you want help with/ })).toBeTruthy();
    expect(within(section).queryByText('Do you work nights?')).toBeNull();
    expect(within(section).queryByText('An old question')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(within(section).getByText('Choose an answer.')).toBeTruthy();
    expect(calls.some((c) => c.key === 'PUT /enrollments/5/profile')).toBe(false);

    await user.click(within(section).getByRole('radio', { name: 'Day' }));
    expect(within(section).queryByText('Choose an answer.')).toBeNull();
    await user.click(within(section).getByRole('checkbox', { name: 'B' }));
    reply = { status: 400, body: { error: { code: 'invalid_argument', field: 'answers.want_help', message: '"b" is not an option of want_help' } } };
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await within(section).findByText('"b" is not an option of want_help', {}, { timeout: 5000 });
    const put = calls.filter((c) => c.key === 'PUT /enrollments/5/profile');
    expect(put).toHaveLength(1);
    expect((put[0].body as { answers: Record<string, string[]> }).answers).toEqual({ old: ['kept'], shift: ['day'], want_help: ['b'] });
    expect(within(section).getByRole('group', { name: /Areas you want help with/ }).getAttribute('aria-invalid')).toBe('true');

    reply = { body: { ...profile, answers: { shift: ['day'], want_help: ['a'] } } };
    fireEvent.click(within(section).getByRole('checkbox', { name: 'B' }));
    fireEvent.click(within(section).getByRole('checkbox', { name: 'A' }));
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText(/^Saved/, {}, { timeout: 5000 });
  }, 20_000);
});

describe('the vocabulary page and a new program', () => {
  const admin = {
    user: { id: 1, email: 'admin@x.test', name: 'Admin', is_admin: true, disabled: false, has_password: true, created_at: '2026-01-01T00:00:00Z' },
    csrf_token: 't',
    memberships: [],
  } as unknown as Me;
  const program = { id: 7, name: 'Nurses', kind: 'cohort', status: 'enrolling', weights: {} };
  const templates = {
    templates: [
      { code: 'hematology_oncology', title: 'Hematology and oncology', description: 'Classical hematology.', topics: 72, career_stages: 16, goals: 11 },
      { code: 'oncology_nursing', title: 'Oncology nursing', description: 'Symptom management.', topics: 61, career_stages: 11, goals: 12 },
    ],
  };
  const withSession = (ui: preact.JSX.Element) => <SessionContext.Provider value={{ me: admin, refresh: async () => admin, signOut: async () => {} }}>{ui}</SessionContext.Provider>;

  it('shows where the vocabulary started and adopts a free tag under the chosen parent', async () => {
    const user = userEvent.setup();
    const { VocabularyPage } = await import('../src/pages/vocabulary');
    const calls = stubFetch((key, body) => {
      if (key === 'GET /programs/7') return { body: program };
      if (key === 'GET /programs/7/vocabulary') return { body: vocabulary([SHIFT]) };
      if (key === 'GET /taxonomy-templates') return { body: templates };
      if (key === 'GET /programs') return { body: { programs: [program] } };
      if (key === 'GET /programs/7/matching-mode') return { body: { mode: 'coordinator' } };
      if (key === 'GET /programs/7/taxonomy/free-tags') return { body: { free_tags: [{ list: 'topic', value: 'wound care', people: 2 }] } };
      if (key === 'POST /programs/7/taxonomy/edits') return { body: { vocabulary: vocabulary([SHIFT], { revision: 4 }), profiles_changed: 0, echo: body } };
      return { status: 404, body: { error: { code: 'not_found', message: key } } };
    });
    render(withSession(<VocabularyPage programId={7} />));
    await screen.findByTestId('vocabulary-source');
    await waitFor(() => expect(screen.getByTestId('vocabulary-source').textContent).toMatch(/Started from the Oncology nursing template\. Revision 3/));
    const row = (await screen.findByText('wound care')).closest('li')!;
    expect(within(row as HTMLElement).getByText(/topic · 2 people/)).toBeTruthy();
    await user.selectOptions(within(row as HTMLElement).getByLabelText('Parent topic for wound care'), 'symptom management');
    await user.click(within(row as HTMLElement).getByRole('button', { name: 'Adopt wound care as a topic' }));
    await screen.findByText('Added “wound care” under “symptom management”.');
    expect(calls.find((c) => c.key === 'POST /programs/7/taxonomy/edits')!.body).toEqual({ op: 'add', list: 'topic', value: 'wound care', parent: 'symptom management' });
  });

  it('creates a program from a template (the field follows it), and sends nothing for the built-in default', async () => {
    const user = userEvent.setup();
    const { CreateProgram } = await import('../src/pages/programs');
    const calls = stubFetch((key) => {
      if (key === 'GET /taxonomy-templates') return { body: templates };
      if (key === 'GET /programs') return { body: { programs: [] } };
      if (key === 'POST /programs') return { body: { ...program, id: 9 } };
      return { body: {} };
    });
    render(withSession(<CreateProgram />));
    await user.type(screen.getByLabelText('Name'), 'Nurses 2027');
    const nursing = await screen.findByRole('radio', { name: /^Oncology nursing — Symptom management\. \(61 topics, 11 career stages, 12 goals\)/ });
    expect((screen.getByRole('radio', { name: /^Hematology and oncology/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(nursing);
    expect((screen.getByLabelText('Field') as HTMLInputElement).value).toBe('oncology nursing');
    await user.click(screen.getByRole('button', { name: 'Create the program' }));
    await waitFor(() => expect(calls.some((c) => c.key === 'POST /programs')).toBe(true));
    expect(calls.find((c) => c.key === 'POST /programs')!.body).toMatchObject({ name: 'Nurses 2027', field: 'oncology nursing', vocabulary_from: 'template:oncology_nursing' });
  });
});

describe('a profile as a coordinator reads it', () => {
  it('lists the answers to the questions of the person’s role in words', async () => {
    const { ProfileView } = await import('../src/components/ProfileView');
    const profile = {
      participant_id: 'NM2', name: 'Bea Okafor', role: 'mentor', institution: '', career_stage: '', time_zone: 'UTC', years_experience: null, capacity: 2,
      interests: [], specialties: [], goals: [], background: {}, match_on: [], languages: [], availability: [], prefer: [], avoid: [], bio: '',
      answers: { shift: ['night'], nights: ['yes'], help_with: ['a', 'b'] },
    } as unknown as import('../src/api/types').Profile;
    render(<ProfileView profile={profile} questions={[SHIFT, HELP_WITH, WANT_HELP, NIGHTS, NOTES]} />);
    const answer = (text: string) => screen.getByText(text, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(answer('Which shift do you work?')).toBe('Night');
    expect(answer('Do you work nights?')).toBe('Yes');
    expect(answer('Areas you can help with')).toBe('A, B');
    expect(answer('Anything else?')).toBe('—');
    expect(screen.queryByText('Areas you want help with')).toBeNull(); // a mentees' question
  });
});
