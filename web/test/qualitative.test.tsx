// Qualitative coding (pages/coding.tsx): the pure helpers of
// lib/qualitative.ts — code points against UTF-16 indices (with é and
// emoji), lines and runs, a DOM selection as a range of the text, words in a
// line, identifiers replaced, the codebook as a tree with colours, kappa in
// two decimals and Landis & Koch's words — and the pages against a stubbed
// API: a transcript checked, refused until confirmed, then saved; a passage
// selected (or chosen by line) and coded with code-point offsets; the
// agreement table with its reading; and a mentee told the pages are not theirs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { ComponentChildren } from 'preact';
import type { Me, Program } from '../src/api/types';
import {
  CODE_COLOURS,
  agreementReading,
  codeColours,
  codePath,
  codePointLength,
  codeTree,
  formatKappa,
  groupDisagreements,
  identifiersSummary,
  kappaBand,
  lineAt,
  linesOf,
  orderedCodes,
  pointIndex,
  rangeInLine,
  replaceIdentifiers,
  runsOf,
  segmentMarks,
  selectionRange,
  shortQuote,
  sliceCodePoints,
  toCodePoint,
  toUtf16,
  trimRange,
  type CoderAgreement,
  type QualCode,
} from '../src/lib/qualitative';
import { AgreementPage, CodingDocumentPage, CodingDocumentsPage } from '../src/pages/coding';
import { SessionContext } from '../src/session';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

// "Café 🙂 ok": é is one UTF-16 unit and one code point, the emoji two units and one code point.
const CAFE = 'Café 🙂 ok';

describe('code points and UTF-16 indices', () => {
  it('counts an emoji once and é once', () => {
    expect(CAFE.length).toBe(10);
    expect(codePointLength(CAFE)).toBe(9);
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('👩‍⚕️')).toBe(Array.from('👩‍⚕️').length);
  });

  it('converts both ways, as Array.from counts', () => {
    const cases: [string, number, number][] = [
      // text, UTF-16 index, code point
      [CAFE, 0, 0],
      [CAFE, 3, 3], // before é
      [CAFE, 4, 4], // after é
      [CAFE, 5, 5], // before the emoji
      [CAFE, 7, 6], // after the emoji
      [CAFE, 10, 9], // the end
      ['🙂🙂x', 4, 2],
      ['🙂🙂x', 5, 3],
    ];
    for (const [text, utf16, cp] of cases) {
      expect(toCodePoint(text, utf16), `${text} @${utf16}`).toBe(cp);
      expect(toUtf16(text, cp), `${text} #${cp}`).toBe(utf16);
      expect(Array.from(text.slice(0, utf16)).length).toBe(cp);
    }
    // Inside the surrogate pair: the pair's start; beyond the end: clamped.
    expect(toCodePoint(CAFE, 6)).toBe(5);
    expect(toCodePoint(CAFE, 99)).toBe(9);
    expect(toUtf16(CAFE, 99)).toBe(10);
  });

  it('slices code points as the server does', () => {
    expect(sliceCodePoints(CAFE, 5, 6)).toBe('🙂');
    expect(sliceCodePoints(CAFE, 7, 9)).toBe('ok');
    expect(sliceCodePoints(CAFE, 0, 4)).toBe('Café');
    const text = 'P1: 🎉🎉 Then the real sentence.';
    const start = toCodePoint(text, text.indexOf('Then'));
    expect(start).toBe(text.indexOf('Then') - 2);
    expect(Array.from(text).slice(start, start + 4).join('')).toBe('Then');
  });

  it('trims white space off a range', () => {
    expect(trimRange('  a b  ', 0, 7)).toEqual({ start: 2, end: 5 });
    expect(trimRange('   ', 0, 3)).toBeNull();
    expect(trimRange('abc', 2, 1)).toEqual({ start: 1, end: 2 });
  });
});

describe('lines and runs', () => {
  const text = 'Interviewer: Hello?\nP1: Café 🙂 fine.\n\nP2: Bye.\n';
  it('cuts the text into numbered lines with their UTF-16 ranges', () => {
    const lines = linesOf(text);
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'Interviewer: Hello?'],
      [2, 'P1: Café 🙂 fine.'],
      [3, ''],
      [4, 'P2: Bye.'],
    ]);
    for (const l of lines) expect(text.slice(l.start, l.end)).toBe(l.text);
    expect(linesOf('a\r\nb').map((l) => l.text)).toEqual(['a', 'b']);
    expect(linesOf('')).toHaveLength(1);
  });

  it('says which line a code point is on', () => {
    expect(lineAt(text, 0)).toBe(1);
    expect(lineAt(text, codePointLength('Interviewer: Hello?\nP1: Café 🙂'))).toBe(2);
    expect(lineAt(text, codePointLength('Interviewer: Hello?\nP1: Café 🙂 fine.\n\nP2'))).toBe(4);
  });

  it('splits a line at every mark, each piece with the marks covering it', () => {
    expect(runsOf(0, 10, [])).toEqual([{ start: 0, end: 10, ids: [] }]);
    expect(
      runsOf(0, 10, [
        { id: 1, start: 2, end: 6 },
        { id: 2, start: 4, end: 12 },
        { id: 3, start: 20, end: 30 },
      ]),
    ).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 4, ids: [1] },
      { start: 4, end: 6, ids: [1, 2] },
      { start: 6, end: 10, ids: [2] },
    ]);
  });

  it('turns segments in code points into marks in UTF-16 indices', () => {
    const t = 'x🙂 said this';
    const start = codePointLength('x🙂 said ');
    const [m] = segmentMarks(t, [{ id: 5, start, end: start + 4 }]);
    expect(t.slice(m.start, m.end)).toBe('this');
  });

  it('finds words in a line, or the turn after its speaker', () => {
    const lines = linesOf(text);
    const whole = rangeInLine(lines[1], '');
    expect(text.slice(whole!.start, whole!.end)).toBe('Café 🙂 fine.');
    const words = rangeInLine(lines[1], 'fine');
    expect(text.slice(words!.start, words!.end)).toBe('fine');
    const caseless = rangeInLine(lines[0], 'HELLO');
    expect(text.slice(caseless!.start, caseless!.end)).toBe('Hello');
    expect(rangeInLine(lines[0], 'absent')).toBeNull();
    expect(rangeInLine(lines[2], '')).toBeNull();
  });
});

describe('a selection in the rendered text', () => {
  // Two lines rendered as the document page does: runs with data-start, line numbers and code names between them.
  const text = 'P1: Café 🙂 one.\nP2: Two 🎉 three.';
  function renderText() {
    const root = document.createElement('div');
    root.innerHTML =
      '<div><span class="line-no">1</span><p><span data-start="0">P1: Café </span><mark data-start="9">🙂 one.</mark></p><ul><li>Code</li></ul></div>' +
      '<div><span class="line-no">2</span><p><span data-start="17">P2: Two 🎉 three.</span></p></div>';
    document.body.appendChild(root);
    expect(root.querySelector('mark')!.textContent).toBe(text.slice(9, 16));
    expect(root.querySelectorAll('span[data-start]')[1].textContent).toBe(text.slice(17));
    return root;
  }
  afterEach(() => (document.body.innerHTML = ''));

  it('maps DOM points to indices of the text', () => {
    const root = renderText();
    const [first, second] = [...root.querySelectorAll('[data-start]')];
    expect(pointIndex(root, first.firstChild!, 4, text.length)).toBe(4);
    expect(pointIndex(root, second.firstChild!, 2, text.length)).toBe(11);
    // An element point inside a run: its start or its end.
    expect(pointIndex(root, second, 0, text.length)).toBe(9);
    expect(pointIndex(root, second, 1, text.length)).toBe(16);
    // A point in the line numbers or code names: the next run's start.
    expect(pointIndex(root, root.querySelector('li')!.firstChild!, 1, text.length)).toBe(17);
    expect(pointIndex(root, root, root.childNodes.length, text.length)).toBe(text.length);
  });

  it('takes a selection across runs and lines, trimmed, and ignores one outside', () => {
    const root = renderText();
    const runs = [...root.querySelectorAll('[data-start]')];
    const sel = document.getSelection()!;
    const range = document.createRange();
    range.setStart(runs[0].firstChild!, 4); // "Café"
    range.setEnd(runs[2].firstChild!, 7); // "P2: Two"
    sel.removeAllRanges();
    sel.addRange(range);
    const r = selectionRange(root, sel, text)!;
    expect(text.slice(r.start, r.end)).toBe('Café 🙂 one.\nP2: Two');
    expect([toCodePoint(text, r.start), toCodePoint(text, r.end)]).toEqual([4, 23]);
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.appendChild(outside);
    range.setStart(outside.firstChild!, 0);
    range.setEnd(outside.firstChild!, 4);
    sel.removeAllRanges();
    sel.addRange(range);
    expect(selectionRange(root, sel, text)).toBeNull();
    sel.removeAllRanges();
    expect(selectionRange(root, sel, text)).toBeNull();
  });
});

describe('identifiers', () => {
  const text = 'P1: 🙂 write to ana@x.org or call 555-0100, said Ana Ruiz.';
  const at = (s: string) => ({ start: codePointLength(text.slice(0, text.indexOf(s))), end: codePointLength(text.slice(0, text.indexOf(s) + s.length)) });
  const found = [
    { ...at('ana@x.org'), kind: 'email' as const, text: 'ana@x.org' },
    { ...at('555-0100'), kind: 'phone' as const, text: '555-0100' },
    { ...at('Ana Ruiz'), kind: 'name' as const, text: 'Ana Ruiz' },
  ];
  it('replaces each with its placeholder, wherever it is after an emoji', () => {
    expect(replaceIdentifiers(text, found)).toBe('P1: 🙂 write to [e-mail] or call [phone], said [name].');
    expect(replaceIdentifiers(text, [found[2]])).toBe('P1: 🙂 write to ana@x.org or call 555-0100, said [name].');
    expect(replaceIdentifiers(text, [])).toBe(text);
  });
  it('says what was found in words', () => {
    expect(identifiersSummary(found)).toBe('1 e-mail address, 1 phone number and 1 name');
    expect(identifiersSummary([found[0], found[0]])).toBe('2 e-mail addresses');
    expect(identifiersSummary([])).toMatch(/^nothing that looks like/);
  });
});

const code = (id: number, name: string, parent_id: number | null = null): QualCode => ({ id, program_id: 1, parent_id, name, definition: `${name} defined`, example: '' });
const CODES = [code(1, 'Career guidance'), code(4, 'Emotional support'), code(2, 'Job search', 1), code(6, 'Barriers'), code(7, 'Scheduling', 6), code(3, 'Scholarly work', 1)];

describe('the codebook', () => {
  it('nests one level, in the server order, each parent followed by its children', () => {
    expect(codeTree(CODES).map((n) => [n.code.name, n.children.map((c) => c.name)])).toEqual([
      ['Career guidance', ['Job search', 'Scholarly work']],
      ['Emotional support', []],
      ['Barriers', ['Scheduling']],
    ]);
    expect(orderedCodes(CODES).map((c) => c.id)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(codePath(CODES[2], CODES)).toBe('Career guidance › Job search');
    expect(codePath(CODES[0], CODES)).toBe('Career guidance');
  });
  it('gives each code a colour whose tint keeps dark text readable and whose shade stands out on white', () => {
    const colours = codeColours(CODES);
    expect(colours.get(1)).toBe(CODE_COLOURS[0]);
    expect(colours.get(2)).toBe(CODE_COLOURS[1]);
    for (const c of CODE_COLOURS) {
      expect(contrast('#1b1f24', c.tint), c.tint).toBeGreaterThanOrEqual(7);
      expect(contrast(c.strong, '#ffffff'), c.strong).toBeGreaterThanOrEqual(3);
    }
  });
});

const agreement = (): CoderAgreement => ({
  coder_a: 70,
  coder_b: 71,
  coders: [
    { id: 70, name: 'Demo Coordinator' },
    { id: 71, name: 'Demo Evaluator' },
  ],
  coder_a_name: 'Demo Coordinator',
  coder_b_name: 'Demo Evaluator',
  documents: 2,
  codes: [
    { code_id: 1, code: 'Career guidance', units: 44, both: 3, only_a: 1, only_b: 2, kappa: 0.6292134831460672, standard_error: 0.2066469006488711 },
    { code_id: 6, code: 'Barriers', units: 44, both: 0, only_a: 2, only_b: 2, kappa: -0.047619047619050114, standard_error: 0.4994327848429304 },
    { code_id: 7, code: 'Scheduling', units: 44, both: 0, only_a: 0, only_b: 0, kappa: null, standard_error: null },
  ],
  overall: { code_id: null, code: 'all codes', units: 308, both: 20, only_a: 6, only_b: 7, kappa: 0.731635388739946, standard_error: 0.072843234076922 },
  disagreements: [
    { document_id: 1, document: 'Interview', start: 20, end: 80, excerpt: 'Fellow: It was one of the better parts.', code_id: 4, code: 'Emotional support', coded_by: 'A' },
    { document_id: 1, document: 'Interview', start: 20, end: 80, excerpt: 'Fellow: It was one of the better parts.', code_id: 1, code: 'Career guidance', coded_by: 'B' },
    { document_id: 2, document: 'Focus group', start: 0, end: 30, excerpt: 'P5: Knowing what to ask.', code_id: 6, code: 'Barriers', coded_by: 'B' },
  ],
});

describe('kappa in words', () => {
  it('shows two decimals, a real minus sign, and a dash for an unused code', () => {
    expect(formatKappa(0.731635388739946)).toBe('0.73');
    expect(formatKappa(1)).toBe('1.00');
    expect(formatKappa(-0.047619)).toBe('−0.05');
    expect(formatKappa(-0.001)).toBe('0.00');
    expect(formatKappa(null)).toBe('—');
    expect(formatKappa(Number.NaN)).toBe('—');
  });
  it("reads Landis and Koch's bands from the value as shown", () => {
    const cases: [number | null, string | null][] = [
      [-0.05, 'poor'],
      [-0.004, 'slight'], // shown as 0.00
      [0, 'slight'],
      [0.2, 'slight'],
      [0.204, 'slight'],
      [0.205, 'fair'], // shown as 0.21
      [0.4, 'fair'],
      [0.41, 'moderate'],
      [0.6, 'moderate'],
      [0.61, 'substantial'],
      [0.73, 'substantial'],
      [0.8, 'substantial'],
      [0.81, 'almost perfect'],
      [1, 'almost perfect'],
      [null, null],
    ];
    for (const [k, band] of cases) expect(kappaBand(k), String(k)).toBe(band);
  });
  it('says what the pooled kappa means', () => {
    expect(agreementReading(agreement())).toBe(
      'Over the 308 line-and-code decisions of the 2 documents both coded, Demo Coordinator and Demo Evaluator made the same decision 295 times; 20 of them were both applying a code. Allowing for the agreement expected by chance, pooled κ = 0.73 (standard error 0.07): substantial agreement by Landis and Koch’s bands.',
    );
    const poor = agreement();
    poor.overall = { ...poor.overall, kappa: 0.3 };
    expect(agreementReading(poor)).toMatch(/fair agreement .* sharpen the definitions/);
    const none = agreement();
    none.overall = { ...none.overall, kappa: null, standard_error: null };
    expect(agreementReading(none)).toMatch(/neither applied a code there yet/);
  });
  it('groups the disagreements by line', () => {
    const g = groupDisagreements(agreement().disagreements);
    expect(g.map((x) => [x.document, x.start, x.codes.map((c) => `${c.code}:${c.coded_by}`)])).toEqual([
      ['Interview', 20, ['Emotional support:A', 'Career guidance:B']],
      ['Focus group', 0, ['Barriers:B']],
    ]);
  });
  it('quotes shortly, cutting by code point', () => {
    expect(shortQuote('  a\n b ')).toBe('“a b”');
    expect(shortQuote('🙂🙂🙂🙂', 3)).toBe('“🙂🙂…”');
  });
});

// ----------------------------------------------------------------- pages --

interface Stubbed {
  status: number;
  body: unknown;
}
const reply = (status: number, body: unknown): Stubbed => ({ status, body });
type Handler = (url: URL, init: RequestInit) => unknown;
function stubApi(routes: Record<string, unknown>) {
  const calls: { key: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://tandem.test');
      const key = `${init.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`;
      calls.push({ key: key + url.search, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (!(key in routes)) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no stub for ${key}` } }), { status: 404, headers: { 'Content-Type': 'application/json' } });
      const r = routes[key];
      const out = typeof r === 'function' ? (r as Handler)(url, init) : r;
      const { status, body } = out && typeof out === 'object' && 'status' in out && 'body' in out ? (out as Stubbed) : { status: init.method === 'POST' ? 201 : 200, body: out };
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}
afterEach(() => vi.unstubAllGlobals());

const me = {
  user: { id: 71, email: 'evaluator@x.example', name: 'Demo Evaluator', is_admin: false, has_password: true },
  memberships: [{ enrollment_id: 7, program_id: 1, program_name: 'Hematology Fellows Mentoring 2025-26', program_kind: 'cohort', role: 'evaluator', status: 'active', participant_id: '' }],
  csrf_token: 't',
} as unknown as Me;
const program = { id: 1, name: 'Hematology Fellows Mentoring 2025-26', status: 'closed', kind: 'cohort' } as unknown as Program;
function As({ children, who = me }: { children: ComponentChildren; who?: Me }) {
  return <SessionContext.Provider value={{ me: who, refresh: async () => who, signOut: async () => {} }}>{children}</SessionContext.Provider>;
}

describe('adding a transcript', () => {
  const text = 'Interviewer: Hello 🙂\nFellow: Write to sam@x.org please.';
  const emailAt = codePointLength(text.slice(0, text.indexOf('sam@')));
  const routes = {
    'GET /programs/1': program,
    'GET /programs/1/qualitative/documents': [],
    'GET /programs/1/surveys': { surveys: [] },
    'POST /programs/1/qualitative/check': (_: URL, init: RequestInit) => {
      const t = JSON.parse(String(init.body)).text as string;
      return { identifiers: t.includes('sam@x.org') ? [{ start: emailAt, end: emailAt + 9, kind: 'email', text: 'sam@x.org' }] : [] };
    },
    'POST /programs/1/qualitative/documents': (_: URL, init: RequestInit) => ({ id: 3, program_id: 1, title: JSON.parse(String(init.body)).title, source: 'upload', text: '', created_at: '2026-12-06T18:00:00Z' }),
  };

  it('highlights the e-mail address, refuses to save until confirmed, then saves with the confirmation', async () => {
    const calls = stubApi(routes);
    const user = userEvent.setup();
    render(
      <As>
        <CodingDocumentsPage programId={1} />
      </As>,
    );
    const form = await screen.findByRole('form', { name: 'Add a transcript' });
    await user.type(within(form).getByLabelText('Title'), 'Exit interview');
    fireEvent.input(within(form).getByLabelText('Text'), { target: { value: text } });
    // No check yet: no save button, nothing sent.
    expect(within(form).queryByRole('button', { name: 'Save the document' })).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Check for identifiers' }));
    await within(form).findByText(/Tandem found 1 e-mail address, highlighted below/);
    const mark = form.querySelector('mark.identifier-email')!;
    expect(mark.textContent).toBe('sam@x.org (e-mail address)');
    expect(within(form).getByText('e-mail address “sam@x.org” on line 2')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Save the document' }));
    expect(within(form).getByText(/Tick “I confirm the text names nobody” to save/)).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByRole('checkbox', { name: 'I confirm the text names nobody' }));
    expect(calls.filter((c) => c.key === 'POST /programs/1/qualitative/documents')).toHaveLength(0);
    // Replacing the address re-checks the new text.
    await user.click(within(form).getByRole('button', { name: /Replace with \[e-mail\]/ }));
    await within(form).findByText(/Tandem found nothing that looks like/);
    expect((within(form).getByLabelText('Text') as HTMLTextAreaElement).value).toBe('Interviewer: Hello 🙂\nFellow: Write to [e-mail] please.');
    await user.click(within(form).getByRole('checkbox', { name: 'I confirm the text names nobody' }));
    await user.click(within(form).getByRole('button', { name: 'Save the document' }));
    await screen.findByText('Added “Exit interview”. Open it to code it.');
    const posted = calls.find((c) => c.key === 'POST /programs/1/qualitative/documents')!;
    expect(posted.body).toEqual({ title: 'Exit interview', text: 'Interviewer: Hello 🙂\nFellow: Write to [e-mail] please.', confirmed_deidentified: true });
    expect(screen.getByRole('link', { name: 'Exit interview' }).getAttribute('href')).toBe('/programs/1/coding/documents/3');
  });

  it('reads a Word file through the server: its text fills the box, its identifiers highlighted, a refusal named under the input', async () => {
    const docText = 'End-of-year interview\nFellow: Write to fellow@example.org.';
    const at = codePointLength(docText.slice(0, docText.indexOf('fellow@')));
    let refuse = false;
    const calls = stubApi({
      ...routes,
      'POST /programs/1/qualitative/read': () =>
        refuse
          ? { status: 400, body: { error: { code: 'invalid_argument', message: 'the file is not a Word document (.docx)', field: 'file_name' } } }
          : { status: 200, body: { text: docText, identifiers: [{ start: at, end: at + 18, kind: 'email', text: 'fellow@example.org' }] } },
    });
    const user = userEvent.setup();
    render(
      <As>
        <CodingDocumentsPage programId={1} />
      </As>,
    );
    const form = await screen.findByRole('form', { name: 'Add a transcript' });
    const input = within(form).getByLabelText('Or load a file (.txt or Word .docx)') as HTMLInputElement;
    expect(input.accept).toContain('.docx');
    const bytes = new Uint8Array([80, 75, 3, 4, 0, 255]);
    await user.upload(input, new File([bytes], 'interview.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    await within(form).findByText(/Tandem found 1 e-mail address, highlighted below/);
    const read = calls.find((c) => c.key === 'POST /programs/1/qualitative/read')!;
    expect(read.body).toEqual({ file_name: 'interview.docx', content_base64: 'UEsDBAD/' });
    expect((within(form).getByLabelText('Text') as HTMLTextAreaElement).value).toBe(docText);
    expect((within(form).getByLabelText('Title') as HTMLInputElement).value).toBe('interview');
    expect(form.querySelector('mark.identifier-email')!.textContent).toBe('fellow@example.org (e-mail address)');
    // No separate check needed: the read was the check, so the save button is there.
    expect(calls.filter((c) => c.key === 'POST /programs/1/qualitative/check')).toHaveLength(0);
    expect(within(form).getByRole('button', { name: 'Save the document' })).toBeTruthy();
    // The server refuses a file: said under the input, the text left as it was.
    refuse = true;
    await user.upload(input, new File([bytes], 'notes.docx'));
    await within(form).findByText('notes.docx: the file is not a Word document (.docx)');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((within(form).getByLabelText('Text') as HTMLTextAreaElement).value).toBe(docText);
  });

  it('asks for a new check when the text changed after it', async () => {
    stubApi(routes);
    const user = userEvent.setup();
    render(
      <As>
        <CodingDocumentsPage programId={1} />
      </As>,
    );
    const form = await screen.findByRole('form', { name: 'Add a transcript' });
    const box = within(form).getByLabelText('Text');
    fireEvent.input(box, { target: { value: text } });
    await user.click(within(form).getByRole('button', { name: 'Check for identifiers' }));
    await within(form).findByText(/Tandem found 1 e-mail address/);
    fireEvent.input(box, { target: { value: text + ' More.' } });
    expect(within(form).getByText(/You changed the text after the check/)).toBeTruthy();
    await user.click(within(form).getByRole('checkbox', { name: 'I confirm the text names nobody' }));
    await user.click(within(form).getByRole('button', { name: 'Save the document' }));
    expect(within(form).getByText('The text changed after the check: check it again before saving.')).toBeTruthy();
  });
});

describe('coding a document', () => {
  const text = 'P1: Café 🙂 was good.\nP2: We met 🎉 at ASH. It helped.\n';
  const view = {
    document: { id: 5, program_id: 1, title: 'Focus group', source: 'upload', text, created_at: '2026-07-15T15:00:00Z' },
    segments: [
      { id: 10, document_id: 5, code_id: 4, coder_id: 71, start: 4, end: 8, created_at: '' }, // "Café", mine
      { id: 11, document_id: 5, code_id: 2, coder_id: null, start: 25, end: 31, created_at: '' }, // agreed
    ],
  };
  const routes = {
    'GET /programs/1': program,
    'GET /qualitative/documents/5': view,
    'GET /programs/1/qualitative/codes': CODES,
    'POST /qualitative/documents/5/segments': (_: URL, init: RequestInit) => {
      const b = JSON.parse(String(init.body));
      return { id: 12, document_id: 5, code_id: b.code_id, coder_id: b.agreed ? null : 71, start: b.start, end: b.end, created_at: '' };
    },
    'DELETE /qualitative/segments/10': null,
  };

  it('shows my coding with the code named beside the line, and codes a selection in code points', async () => {
    const calls = stubApi(routes);
    const user = userEvent.setup();
    render(
      <As>
        <CodingDocumentPage programId={1} documentId={5} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Focus group' });
    const mark = document.querySelector('mark.coded')!;
    expect(mark.textContent).toBe('Café');
    expect(mark.getAttribute('title')).toBe('Emotional support');
    expect(within(screen.getByRole('list', { name: 'Codes on line 1' })).getByText('Emotional support')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Codes on line 2' })).toBeNull(); // the agreed segment is not mine
    expect(screen.getByText(/The agreed coding has 1 segment/)).toBeTruthy();
    // Select "It helped" (after an emoji) in the text.
    const run = [...document.querySelectorAll('.doc-text [data-start]')].find((e) => e.textContent!.includes('It helped'))!;
    const node = run.firstChild as Text;
    const range = document.createRange();
    range.setStart(node, node.data.indexOf('It helped'));
    range.setEnd(node, node.data.indexOf('It helped') + 'It helped.'.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    fireEvent(document, new Event('selectionchange'));
    await screen.findByText(/Selected: “It helped\.”/);
    await user.selectOptions(screen.getByLabelText('Code', { exact: true }), 'Barriers');
    await user.click(screen.getByRole('button', { name: 'Code the passage' }));
    await screen.findByText('Coded “It helped.” as Barriers.');
    const post = calls.find((c) => c.key === 'POST /qualitative/documents/5/segments')!;
    const start = Array.from(text.slice(0, text.indexOf('It helped'))).length;
    expect(post.body).toEqual({ code_id: 6, start, end: start + 10, agreed: false });
    expect(sliceCodePoints(text, start, start + 10)).toBe('It helped.');
    expect(within(screen.getByRole('list', { name: 'Codes on line 2' })).getByText('Barriers')).toBeTruthy();
  });

  it('codes a line by the keyboard, in the agreed coding, and removes a segment', async () => {
    const calls = stubApi(routes);
    const user = userEvent.setup();
    render(
      <As>
        <CodingDocumentPage programId={1} documentId={5} />
      </As>,
    );
    await screen.findByRole('heading', { level: 2, name: 'Focus group' });
    await user.click(screen.getByRole('switch', { name: /Agreed coding/ }));
    expect(screen.getByRole('heading', { level: 3, name: 'The agreed coding (1)' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Codes on line 2' })).getByText('Career guidance › Job search')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Line', { exact: true }), '1');
    await user.type(screen.getByLabelText('Only these words (optional)'), 'was good');
    expect(document.querySelector('.picked-text')!.textContent).toMatch(/^“was good” \(line 1\)$/);
    await user.selectOptions(screen.getByLabelText('Code', { exact: true }), 'Career guidance › Scholarly work');
    screen.getByRole('button', { name: 'Add to the agreed coding' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByText('Coded “was good” as Career guidance › Scholarly work in the agreed coding.');
    const post = calls.find((c) => c.key === 'POST /qualitative/documents/5/segments')!;
    expect(post.body).toEqual({ code_id: 3, start: 11, end: 19, agreed: true });
    // Back to my own coding: remove my segment.
    await user.click(screen.getByRole('switch', { name: /Agreed coding/ }));
    await user.click(screen.getByRole('button', { name: /^Remove “Café”/ }));
    await screen.findByText('Removed “Café” (Emotional support).');
    expect(calls.map((c) => c.key)).toContain('DELETE /qualitative/segments/10');
    expect(screen.getByRole('heading', { level: 3, name: 'Your segments (0)' })).toBeTruthy();
  });
});

describe('the agreement page', () => {
  it('shows kappa per code with two decimals, the pooled row, its reading and the disagreements linked for the consensus pass', async () => {
    const calls = stubApi({ 'GET /programs/1': program, 'GET /programs/1/qualitative/agreement': agreement() });
    render(
      <As>
        <AgreementPage programId={1} />
      </As>,
    );
    const table = await screen.findByRole('region', { name: "Cohen's kappa per code" });
    expect(within(table).getByRole('row', { name: 'Career guidance 0.63 0.21 44 3 1 2 substantial' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'Barriers −0.05 0.50 44 0 2 2 poor' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'Scheduling — — 44 0 0 0 not used by either coder' })).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'All codes (pooled) 0.73 0.07 308 20 6 7 substantial' })).toBeTruthy();
    expect(screen.getByText(/pooled κ = 0.73 \(standard error 0.07\): substantial agreement/)).toBeTruthy();
    expect(screen.getByText(/Landis and Koch's \(1977\) words for kappa/)).toBeTruthy();
    expect(((await screen.findByLabelText('Coder A')) as HTMLSelectElement).value).toBe('70');
    expect((screen.getByLabelText('Coder B') as HTMLSelectElement).value).toBe('71');
    expect(screen.getByRole('heading', { level: 2, name: 'Disagreements (2 lines)' })).toBeTruthy();
    const links = screen.getAllByRole('link', { name: /Open this line for the agreed coding/ });
    expect(links[0].getAttribute('href')).toBe('/programs/1/coding/documents/1?agreed=1&at=20');
    expect(screen.getByText('Emotional support').closest('li')!.textContent).toBe('Emotional support: only A (Demo Coordinator)');
    // An evaluator does not ask for the staff list (that is a coordinator's).
    expect(calls.map((c) => c.key)).not.toContain('GET /programs/1/enrollments');
  });

  it('says plainly when no two coders coded a common document', async () => {
    stubApi({
      'GET /programs/1': program,
      'GET /programs/1/qualitative/agreement': reply(409, { error: { code: 'failed_precondition', message: 'agreement needs two coders who coded the same document' } }),
    });
    render(
      <As>
        <AgreementPage programId={1} />
      </As>,
    );
    await screen.findByText(/No agreement yet: it needs two coders who coded the same document/);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('compares the coders chosen', async () => {
    const calls = stubApi({ 'GET /programs/1': program, 'GET /programs/1/qualitative/agreement': agreement() });
    const user = userEvent.setup();
    render(
      <As>
        <AgreementPage programId={1} />
      </As>,
    );
    await screen.findByRole('region', { name: "Cohen's kappa per code" });
    await user.selectOptions(await screen.findByLabelText('Coder A'), '71');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByText('Choose two different coders.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Coder B'), '70');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(calls.map((c) => c.key)).toContain('GET /programs/1/qualitative/agreement?coder_a=71&coder_b=70'));
  });
});

describe('who may code', () => {
  it('tells a mentee the coding is for evaluators and coordinators, asking nothing more', async () => {
    const calls = stubApi({ 'GET /programs/1': program });
    const mentee = { ...me, memberships: [{ ...me.memberships[0], role: 'mentee' }] } as Me;
    render(
      <As who={mentee}>
        <CodingDocumentsPage programId={1} />
      </As>,
    );
    await screen.findByText("The qualitative coding of Hematology Fellows Mentoring 2025-26 is for the program's evaluators and coordinators.");
    expect(calls.map((c) => c.key)).toEqual(['GET /programs/1']);
  });
});
