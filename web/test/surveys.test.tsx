// Surveys in the browser (docs/surveys.md): which items show (show_if, as the
// server decides it), coded answers, checks as a person types, headings,
// wave timings in words, the builder's own questions; and the answer page
// against a stubbed API: saving as one goes, an anonymous survey's draft kept
// in the browser only, the server's refusal shown under its item, required
// questions on sending, and the home page's list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import {
  answerProblem,
  answersToSend,
  describeTiming,
  draftKey,
  isChosen,
  parseReminderDays,
  percent,
  readDraft,
  sections,
  shownItems,
  surveyProblems,
  toggleChoice,
  type MySurvey,
  type SurveyItem,
} from '../src/lib/surveys';
import { ownItemInput } from '../src/pages/surveys';
import { MySurveys, SurveyPage } from '../src/pages/survey';

const item = (code: string, over: Partial<SurveyItem> = {}): SurveyItem => ({
  code,
  kind: 'likert',
  text: `Question ${code}`,
  help: '',
  section: '',
  required: false,
  points: 5,
  labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  allow_na: false,
  options: [],
  min: null,
  max: null,
  rows: [],
  show_if_code: null,
  show_if_value: null,
  ...over,
});

describe('which items are shown', () => {
  const items = [
    item('worked', { kind: 'single', options: ['Yes', 'No'] }),
    item('helped', { show_if_code: 'worked', show_if_value: '1' }),
    item('why', { kind: 'short_text', show_if_code: 'helped', show_if_value: '5' }),
    item('areas', { kind: 'multiple', options: ['Clinical', 'Research', 'Career'] }),
    item('research_more', { kind: 'long_text', show_if_code: 'areas', show_if_value: '2' }),
  ];
  const codes = (a: Record<string, string>) => shownItems(items, a).map((i) => i.code);
  const cases: [string, Record<string, string>, string[]][] = [
    ['nothing answered: only the unconditional items', {}, ['worked', 'areas']],
    ['the condition met', { worked: '1' }, ['worked', 'helped', 'areas']],
    ['the condition not met', { worked: '2' }, ['worked', 'areas']],
    ['a chain', { worked: '1', helped: '5' }, ['worked', 'helped', 'why', 'areas']],
    ['a chain broken upstream hides everything below it', { worked: '2', helped: '5' }, ['worked', 'areas']],
    ['multiple choice: the value among the chosen', { areas: '1,2' }, ['worked', 'areas', 'research_more']],
    ['multiple choice: not among them', { areas: '1,3' }, ['worked', 'areas']],
    ['a blank answer counts as none', { worked: '  ' }, ['worked', 'areas']],
  ];
  for (const [name, answers, want] of cases) {
    it(name, () => expect(codes(answers)).toEqual(want));
  }
  it('sends only the answers of shown items, trimmed, without empty ones', () => {
    expect(answersToSend(items, { worked: '2', helped: '5', why: 'x', areas: ' 2 ', research_more: '', other: 'y' })).toEqual({ worked: '2', areas: '2' });
  });
  it('answers a matrix row by row', () => {
    const m = item('gains', { kind: 'matrix', rows: [{ code: 'g_conf', text: 'Confidence' }, { code: 'g_net', text: 'Networking' }], required: true });
    expect(answersToSend([m], { g_conf: '4', gains: 'x' })).toEqual({ g_conf: '4' });
    expect(surveyProblems([m], { g_conf: '4' }, true)).toEqual({ g_net: 'please answer this question' });
  });
});

describe('coded answers and checks as one types', () => {
  it('codes multiple choice as ascending numbers', () => {
    expect(toggleChoice('', 3, true)).toBe('3');
    expect(toggleChoice('3', 1, true)).toBe('1,3');
    expect(toggleChoice('1,3', 3, false)).toBe('1');
    expect(toggleChoice('1,3', 3, true)).toBe('1,3');
    expect(isChosen('1,13', 3)).toBe(false);
    expect(isChosen('1,13', 13)).toBe(true);
  });
  const n = item('years', { kind: 'number', min: 0, max: 70 });
  const cases: [SurveyItem, string, string | null][] = [
    [n, '', null],
    [n, '12', null],
    [n, '3.5', null],
    [n, 'twelve', 'this is a number such as 12 or 3.5'],
    [n, '71', 'the number must be between 0 and 70'],
    [n, '-1', 'the number must be between 0 and 70'],
    [item('x', { kind: 'number', min: 1 }), '0', 'the number must be at least 1'],
    [item('x', { kind: 'number', max: 2.5 }), '3', 'the number must be at most 2.5'],
    [item('d', { kind: 'date' }), '2027-02-28', null],
    [item('d', { kind: 'date' }), '2027-02-30', 'this is a date YYYY-MM-DD'],
    [item('d', { kind: 'date' }), '28/02/2027', 'this is a date YYYY-MM-DD'],
    [item('t', { kind: 'short_text' }), 'a'.repeat(501), 'at most 500 characters'],
  ];
  for (const [it_, value, want] of cases) {
    it(`${it_.kind} ${JSON.stringify(value.slice(0, 12))} → ${want ?? 'fine'}`, () => expect(answerProblem(it_, value)).toBe(want));
  }
  it('asks for required shown items only when sending', () => {
    const items = [item('a', { required: true }), item('b', { required: true, show_if_code: 'a', show_if_value: '1' }), item('c')];
    expect(surveyProblems(items, {}, false)).toEqual({});
    expect(surveyProblems(items, {}, true)).toEqual({ a: 'please answer this question' });
    expect(surveyProblems(items, { a: '1' }, true)).toEqual({ b: 'please answer this question' });
  });
});

describe('headings, timings, rates', () => {
  it('starts a heading at each new section; an empty one continues the last', () => {
    const got = sections([item('a', { section: 'Your match' }), item('b'), item('c', { section: 'The program' }), item('d', { section: 'The program' }), item('e')]);
    expect(got.map((s) => [s.title, s.items.map((i) => i.code)])).toEqual([
      ['Your match', ['a', 'b']],
      ['The program', ['c', 'd', 'e']],
    ]);
    expect(sections([item('a')]).map((s) => s.title)).toEqual(['']);
  });
  it('says when a wave opens', () => {
    const w = { opens_on: null, offset_days: 0, every_days: 0 };
    expect(describeTiming({ ...w, timing: 'dates', opens_on: '2027-06-01' })).toBe('opens on 2027-06-01');
    expect(describeTiming({ ...w, timing: 'pair_start', offset_days: 30, every_days: 60 })).toBe('opens 30 days after each pair started, then every 60 days');
    expect(describeTiming({ ...w, timing: 'program_end', offset_days: -14 })).toBe("opens 14 days before the program's last day");
    expect(describeTiming({ ...w, timing: 'program_start', offset_days: 1 })).toBe("opens 1 day after the program's first day");
    expect(describeTiming({ ...w, timing: 'after_meeting' })).toBe('opens each time a meeting of the pair is logged as held');
  });
  it('reads reminder days and rates', () => {
    expect(parseReminderDays('3, 7')).toEqual([3, 7]);
    expect(parseReminderDays('')).toEqual([]);
    expect(parseReminderDays('3, soon')).toBeNull();
    expect(percent(1, 69)).toBe(1);
    expect(percent(0, 0)).toBe(0);
  });
  it("builds the API's item from the builder's own question", () => {
    const base = { code: ' why ', text: ' Why? ', required: true, options: '', min: '', max: '' };
    expect(ownItemInput({ ...base, kind: 'single', options: 'Yes\n\n No \n' })).toEqual({ code: 'why', kind: 'single', text: 'Why?', required: true, options: ['Yes', 'No'] });
    expect(ownItemInput({ ...base, kind: 'number', min: '0', max: '' })).toEqual({ code: 'why', kind: 'number', text: 'Why?', required: true, min: 0, max: null });
    expect(ownItemInput({ ...base, kind: 'long_text' })).toEqual({ code: 'why', kind: 'long_text', text: 'Why?', required: true });
  });
  it('reads a draft kept in the browser, and nothing from a broken one', () => {
    localStorage.setItem(draftKey(5), JSON.stringify({ a: '1', b: 2 }));
    expect(readDraft(localStorage, 5)).toEqual({ a: '1' });
    localStorage.setItem(draftKey(5), '{');
    expect(readDraft(localStorage, 5)).toEqual({});
    localStorage.clear();
  });
});

// --- the answer page against a stubbed API ---

const survey = (anonymity: 'confidential' | 'anonymous'): MySurvey => ({
  invitation_id: 7,
  program_id: 1,
  program_name: 'Hematology Fellows',
  wave_title: 'End of the program',
  opens_at: '2027-06-01T00:00:00Z',
  closes_at: '2027-06-15T00:00:00Z',
  submitted: false,
  open: true,
  answers: {},
  survey: {
    id: 3,
    program_id: 1,
    series_id: 3,
    version: 1,
    title: 'End of program',
    intro: 'Ten minutes.',
    anonymity,
    anonymity_statement: anonymity === 'anonymous' ? 'Your answers are anonymous.' : 'Your answers are confidential.',
    created_at: '2027-05-01T00:00:00Z',
    items: [
      item('good_match', { text: 'My partner was a good match.', section: 'Your match', required: true }),
      item('years', { kind: 'number', text: 'Years in the field', min: 0, max: 70 }),
      item('worked', { kind: 'single', text: 'Did you work on a project?', options: ['Yes', 'No'] }),
      item('project', { kind: 'short_text', text: 'Which project?', show_if_code: 'worked', show_if_value: '1' }),
    ],
  },
});

type Call = { method: string; path: string; body: unknown };
function stub(answer: (c: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const c = { method: init.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, ''), body: init.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(c);
      const r = answer(c);
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the answer page', () => {
  it('shows the anonymity statement first, hides a conditional item until its condition is met, and saves a second after a change', async () => {
    const user = userEvent.setup();
    const s = survey('confidential');
    const calls = stub((c) => (c.method === 'GET' ? { status: 200, body: s } : { status: 200, body: { ...s, answers: (c.body as { answers: Record<string, string> }).answers } }));
    render(<SurveyPage invitationId={7} />);
    await screen.findByText('Your answers are confidential.');
    expect(screen.getByRole('heading', { level: 2, name: 'Your match' })).toBeTruthy();
    expect(screen.queryByLabelText(/Which project/)).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(screen.getByLabelText(/Which project/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Agree' }));
    // A number out of range says so at once and waits: the rest is saved.
    await user.type(screen.getByLabelText(/Years in the field/), '99');
    expect(screen.getByText('the number must be between 0 and 70')).toBeTruthy();
    await screen.findByText('Saved.', {}, { timeout: 3000 });
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].path).toBe('/me/surveys/7');
    expect(puts[0].body).toEqual({ answers: { good_match: '4', worked: '1' }, submit: false });
  });

  it('keeps an anonymous survey\'s draft in this browser and sends it only once, on sending', async () => {
    const user = userEvent.setup();
    const s = survey('anonymous');
    localStorage.setItem(draftKey(7), JSON.stringify({ worked: '2' }));
    const calls = stub((c) => (c.method === 'GET' ? { status: 200, body: s } : { status: 200, body: { ...s, submitted: true, open: false } }));
    render(<SurveyPage invitationId={7} />);
    await screen.findByText('Your answers are anonymous.');
    expect((screen.getByRole('radio', { name: 'No' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Strongly agree' }));
    await screen.findByText('Kept in this browser.', {}, { timeout: 3000 });
    expect(JSON.parse(localStorage.getItem(draftKey(7))!)).toEqual({ good_match: '5', worked: '2' });
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    await screen.findByRole('heading', { name: 'Thank you: your answers are sent.' });
    expect(screen.getByText(/cannot be changed now/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Change my answers' })).toBeNull();
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.body)).toEqual([{ answers: { good_match: '5', worked: '2' }, submit: true }]);
    expect(localStorage.getItem(draftKey(7))).toBeNull();
  });

  it('asks for required questions on sending, and shows the server\'s refusal under its item', async () => {
    const user = userEvent.setup();
    const s = survey('confidential');
    const calls = stub((c) =>
      c.method === 'GET'
        ? { status: 200, body: s }
        : (c.body as { submit: boolean }).submit
          ? { status: 400, body: { error: { code: 'invalid_argument', message: 'choose one of the options', field: 'answers.worked' } } }
          : { status: 200, body: s },
    );
    render(<SurveyPage invitationId={7} />);
    await screen.findByText('Your answers are confidential.');
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect(screen.getByText('One question needs your attention: see the message under it.')).toBeTruthy();
    const group = screen.getByRole('group', { name: /good match/ });
    expect(group.textContent).toContain('please answer this question');
    expect(document.activeElement).toBe(screen.getAllByRole('radio', { name: 'Strongly disagree' })[0]);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    await user.click(screen.getByRole('radio', { name: 'Agree' }));
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    await waitFor(() => expect(screen.getByRole('group', { name: /work on a project/ }).textContent).toContain('choose one of the options'));
  });

  it('asks a matrix row by row, each row a radio group of the shared scale with "Not applicable"', async () => {
    const user = userEvent.setup();
    const s = survey('confidential');
    s.survey.items = [item('gains', { kind: 'matrix', text: 'Mentoring improved my', allow_na: true, rows: [{ code: 'g_conf', text: 'confidence' }, { code: 'g_net', text: 'network' }] })];
    const calls = stub((c) => ({ status: 200, body: c.method === 'GET' ? s : { ...s, answers: (c.body as { answers: Record<string, string> }).answers } }));
    render(<SurveyPage invitationId={7} />);
    const outer = await screen.findByRole('group', { name: 'Mentoring improved my' });
    expect(outer).toBeTruthy();
    const conf = screen.getByRole('group', { name: 'confidence' });
    expect([...conf.querySelectorAll('label')].map((l) => l.textContent!.trim())).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree', 'Not applicable']);
    await user.click(conf.querySelectorAll('input')[5]);
    await user.click(screen.getByRole('group', { name: 'network' }).querySelectorAll('input')[1]);
    await screen.findByText('Saved.', {}, { timeout: 3000 });
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([{ answers: { g_conf: 'na', g_net: '2' }, submit: false }]);
  });

  it('says when the survey was sent to someone else', async () => {
    stub(() => ({ status: 403, body: { error: { code: 'permission_denied', message: 'this survey was sent to someone else' } } }));
    render(<SurveyPage invitationId={7} />);
    await screen.findByText('You are not allowed to see this survey.');
  });
});

describe('the home page list', () => {
  it('lists open surveys with their link, program, closing date and whether answered; nothing when none', async () => {
    stub(() => ({ status: 200, body: { surveys: [survey('confidential'), { ...survey('anonymous'), invitation_id: 8, submitted: true }] } }));
    const { unmount } = render(<MySurveys />);
    const links = await screen.findAllByRole('link', { name: 'End of program' });
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/surveys/7', '/surveys/8']);
    expect(screen.getByText('not answered yet')).toBeTruthy();
    expect(screen.getByText('answered')).toBeTruthy();
    unmount();
    vi.unstubAllGlobals();
    stub(() => ({ status: 200, body: { surveys: [] } }));
    const { container } = render(<MySurveys />);
    await waitFor(() => expect((fetch as unknown as { mock: { calls: unknown[] } }).mock.calls.length).toBe(1));
    expect(container.textContent).toBe('');
  });
});
