// The rules of qualitative coding that need no server (docs/web.md, "Coding"):
// offsets between the API's Unicode code points and JavaScript's UTF-16
// string indices, the document cut into lines (the units agreement is
// counted over) and into runs of equally coded text, a DOM selection as a
// range of the text, identifiers replaced by placeholders, the codebook as a
// tree with a colour per code, and Cohen's kappa in words (Landis & Koch).
// Pure functions, tested in test/qualitative.test.ts.
import type { components } from '../api/schema';

export type QualDocument = components['schemas']['QualDocument'];
export type QualDocumentView = components['schemas']['QualDocumentView'];
export type QualSegment = components['schemas']['QualSegment'];
export type QualCode = components['schemas']['QualCode'];
export type QualCodeInput = components['schemas']['QualCodeInput'];
export type QualTheme = components['schemas']['QualTheme'];
export type Identifier = components['schemas']['Identifier'];
export type CoderAgreement = components['schemas']['CoderAgreement'];
export type CodeAgreement = components['schemas']['CodeAgreement'];
export type Disagreement = CoderAgreement['disagreements'][number];

// ------------------------------------------------------------- offsets --

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The number of code points of `text` (an emoji counts once, though it is two UTF-16 units). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1))) continue;
    n++;
  }
  return n;
}

/**
 * The code-point offset of UTF-16 index `index` of `text` (clamped to the
 * text). An index inside a surrogate pair counts as the pair's start.
 */
export function toCodePoint(text: string, index: number): number {
  const end = Math.max(0, Math.min(index, text.length));
  let n = 0;
  for (let i = 0; i < end; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 >= end) break; // index falls inside the pair
      i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index of code point `offset` of `text` (clamped to the text). */
export function toUtf16(text: string, offset: number): number {
  let i = 0;
  for (let n = 0; n < offset && i < text.length; n++) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** Code points [start, end) of `text`, as the server's CodePointSlice. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(toUtf16(text, start), toUtf16(text, end));
}

/** A UTF-16 range [start, end) narrowed to leave out white space at either end; null when nothing is left. */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } | null {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return s < e ? { start: s, end: e } : null;
}

// --------------------------------------------------------------- lines --

export interface Line {
  /** 1-based, counting every line. */
  number: number;
  /** UTF-16 range in the document, without the line break. */
  start: number;
  end: number;
  text: string;
}

/** The document's lines (a transcript's speaker turns; the server counts agreement over the non-empty ones). */
export function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const trimmed = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!(end === text.length && start === end && out.length > 0)) out.push({ number, start, end: start + trimmed.length, text: trimmed });
    number++;
    start = end + 1;
  }
  return out;
}

/** A span to show over the text, in UTF-16 indices. */
export interface Mark {
  id: number;
  start: number;
  end: number;
}

/** A piece of [from, to) covered by the same marks (ids in the order given). */
export interface Run {
  start: number;
  end: number;
  ids: number[];
}

/** Cuts [from, to) at every mark's ends, each piece with the marks that cover it. */
export function runsOf(from: number, to: number, marks: Mark[]): Run[] {
  const cuts = new Set<number>([from, to]);
  for (const m of marks) {
    if (m.end <= from || m.start >= to) continue;
    cuts.add(Math.max(from, m.start));
    cuts.add(Math.min(to, m.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    if (s >= e) continue;
    out.push({ start: s, end: e, ids: marks.filter((m) => m.start < e && m.end > s).map((m) => m.id) });
  }
  return out;
}

/** The marks of segments (code points) in UTF-16 indices of `text`. */
export function segmentMarks(text: string, segments: { id: number; start: number; end: number }[]): Mark[] {
  return segments.map((s) => ({ id: s.id, start: toUtf16(text, s.start), end: toUtf16(text, s.end) }));
}

/** The line (1-based number) holding code point `offset` of `text`. */
export function lineAt(text: string, offset: number): number {
  const index = toUtf16(text, offset);
  let n = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') n++;
  return n;
}

// ------------------------------------------------------------ selection --

/**
 * The UTF-16 index in the document of a DOM point inside `root`, whose
 * text is rendered as elements with `data-start` (the index of their first
 * character) each holding one text node. A point outside such an element
 * counts as the start of the next one (or the end of `textLength`).
 */
export function pointIndex(root: Element, node: Node, offset: number, textLength: number): number {
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  const run = element?.closest('[data-start]');
  if (run && root.contains(run)) {
    const start = Number(run.getAttribute('data-start'));
    const length = run.textContent?.length ?? 0;
    if (node.nodeType === Node.TEXT_NODE) return start + Math.min(offset, length);
    return offset === 0 ? start : start + length;
  }
  const point = document.createRange();
  point.setStart(node, offset);
  for (const r of root.querySelectorAll('[data-start]')) {
    // 1: the run begins after the point.
    if (point.comparePoint(r, 0) === 1) return Number(r.getAttribute('data-start'));
  }
  return textLength;
}

/** The selection as a UTF-16 range of the document rendered in `root` (white space at the ends left out); null when it is empty or outside. */
export function selectionRange(root: Element, selection: Selection | null, text: string): { start: number; end: number } | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) {
    // A selection that only partly overlaps the document is not taken.
    return null;
  }
  const a = pointIndex(root, range.startContainer, range.startOffset, text.length);
  const b = pointIndex(root, range.endContainer, range.endOffset, text.length);
  return trimRange(text, a, b);
}

/**
 * The words `words` inside line `line` of `text` (UTF-16 range), or the whole
 * line after its speaker ("P1: …") when `words` is empty; null when the line
 * does not hold them.
 */
export function rangeInLine(line: Line, words: string): { start: number; end: number } | null {
  const w = words.trim();
  if (!w) {
    const speaker = /^[^:\n]{1,40}:\s+/.exec(line.text);
    const r = trimRange(line.text, speaker ? speaker[0].length : 0, line.text.length);
    return r && { start: line.start + r.start, end: line.start + r.end };
  }
  let at = line.text.indexOf(w);
  if (at < 0) at = line.text.toLowerCase().indexOf(w.toLowerCase());
  if (at < 0) return null;
  return { start: line.start + at, end: line.start + at + w.length };
}

// ---------------------------------------------------------- identifiers --

const PLACEHOLDER: Record<Identifier['kind'], string> = { name: '[name]', email: '[e-mail]', phone: '[phone]' };

/** What an identifier of `kind` is replaced with. */
export const placeholderFor = (kind: Identifier['kind']) => PLACEHOLDER[kind];

/** `text` with each of `identifiers` (code points, as the check returns them) replaced by its placeholder. */
export function replaceIdentifiers(text: string, identifiers: Identifier[]): string {
  const sorted = identifiers.slice().sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Infinity;
  for (const id of sorted) {
    if (id.end > lastStart) continue; // overlapping: the later one is replaced already
    const s = toUtf16(out, id.start);
    const e = toUtf16(out, id.end);
    out = out.slice(0, s) + PLACEHOLDER[id.kind] + out.slice(e);
    lastStart = id.start;
  }
  return out;
}

/** "2 e-mail addresses, 1 phone number and 3 names". */
export function identifiersSummary(identifiers: Identifier[]): string {
  if (identifiers.length === 0) return 'nothing that looks like an e-mail address, a phone number or a name of the program’s people';
  const count = (kind: Identifier['kind']) => identifiers.filter((i) => i.kind === kind).length;
  const parts: string[] = [];
  const e = count('email');
  const p = count('phone');
  const n = count('name');
  if (e) parts.push(`${e} e-mail address${e === 1 ? '' : 'es'}`);
  if (p) parts.push(`${p} phone number${p === 1 ? '' : 's'}`);
  if (n) parts.push(`${n} name${n === 1 ? '' : 's'}`);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export const identifierKind = (kind: Identifier['kind']) => ({ email: 'e-mail address', phone: 'phone number', name: 'name' })[kind];

// ------------------------------------------------------------- codebook --

export interface CodeNode {
  code: QualCode;
  children: QualCode[];
}

/** The codebook as top-level codes with the codes under them, in the server's order. */
export function codeTree(codes: QualCode[]): CodeNode[] {
  const top = codes.filter((c) => c.parent_id === null || !codes.some((p) => p.id === c.parent_id));
  return top.map((code) => ({ code, children: codes.filter((c) => c.parent_id === code.id) }));
}

/** Every code, each top-level one followed by its children (the order of pickers and colours). */
export function orderedCodes(codes: QualCode[]): QualCode[] {
  return codeTree(codes).flatMap((n) => [n.code, ...n.children]);
}

/** "Career guidance › Job search" for a nested code, the name alone otherwise. */
export function codePath(code: QualCode, codes: QualCode[]): string {
  const parent = code.parent_id === null ? undefined : codes.find((c) => c.id === code.parent_id);
  return parent ? `${parent.name} › ${code.name}` : code.name;
}

/**
 * Colours for the codes: a light tint behind the text (dark text on it has
 * at least 7:1) and a strong shade for the underline and the swatch (at
 * least 3:1 with white). Colour is never the only cue: the code's name is
 * written beside every highlighted line and in the segment list.
 */
export const CODE_COLOURS: readonly { tint: string; strong: string }[] = [
  { tint: '#cfe5f7', strong: '#0b5d9e' },
  { tint: '#fde0c2', strong: '#a35200' },
  { tint: '#d3f0e3', strong: '#00704f' },
  { tint: '#f6d5e8', strong: '#a3316f' },
  { tint: '#e6e0f5', strong: '#5b3f9e' },
  { tint: '#f9f1b5', strong: '#6f6100' },
  { tint: '#d6eef1', strong: '#1f6b75' },
  { tint: '#f3dcd4', strong: '#9a3b1f' },
];

/** The colour of each code, by its place in the ordered codebook. */
export function codeColours(codes: QualCode[]): Map<number, { tint: string; strong: string }> {
  const out = new Map<number, { tint: string; strong: string }>();
  orderedCodes(codes).forEach((c, i) => out.set(c.id, CODE_COLOURS[i % CODE_COLOURS.length]));
  return out;
}

// ------------------------------------------------------------ agreement --

/** Kappa as the page shows it: two decimals ("0.73", "−0.05"), or "—" when the code was not used. */
export function formatKappa(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const fixed = Math.abs(value).toFixed(2);
  return value < 0 && fixed !== '0.00' ? `−${fixed}` : fixed;
}

export type KappaBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect';

/**
 * Landis and Koch's (1977) words for kappa, read from the value as shown
 * (two decimals): below 0 poor, 0–.20 slight, .21–.40 fair, .41–.60
 * moderate, .61–.80 substantial, .81–1 almost perfect. Null when there is
 * no kappa.
 */
export function kappaBand(value: number | null | undefined): KappaBand | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const k = Math.round(value * 100) / 100;
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

export const KAPPA_BANDS: readonly [string, KappaBand][] = [
  ['below 0', 'poor'],
  ['0 to .20', 'slight'],
  ['.21 to .40', 'fair'],
  ['.41 to .60', 'moderate'],
  ['.61 to .80', 'substantial'],
  ['.81 to 1', 'almost perfect'],
];

/** A sentence that says what the pooled kappa means, for a reader who does not know kappa. */
export function agreementReading(a: CoderAgreement): string {
  const o = a.overall;
  const band = kappaBand(o.kappa);
  const docs = `${a.documents} document${a.documents === 1 ? '' : 's'}`;
  if (band === null)
    return `${a.coder_a_name} and ${a.coder_b_name} coded ${docs} in common, but neither applied a code there yet, so there is no kappa.`;
  const se = o.standard_error === null ? '' : ` (standard error ${formatKappa(o.standard_error)})`;
  const agreedLines = o.units - o.only_a - o.only_b;
  return (
    `Over the ${o.units} line-and-code decisions of the ${docs} both coded, ${a.coder_a_name} and ${a.coder_b_name} ` +
    `made the same decision ${agreedLines} times; ${o.both} of them were both applying a code. ` +
    `Allowing for the agreement expected by chance, pooled κ = ${formatKappa(o.kappa)}${se}: ${band} agreement ` +
    `by Landis and Koch’s bands.` +
    (band === 'poor' || band === 'slight' || band === 'fair'
      ? ' Go through the disagreements together and sharpen the definitions before coding more.'
      : band === 'moderate'
        ? ' The codes with the lowest kappa are the ones to discuss first.'
        : '')
  );
}

/** Disagreements grouped by document and line, in document order, each line with its codes and who gave them. */
export function groupDisagreements(list: Disagreement[]): {
  document_id: number;
  document: string;
  start: number;
  end: number;
  excerpt: string;
  codes: { code_id: number; code: string; coded_by: 'A' | 'B' }[];
}[] {
  const out: ReturnType<typeof groupDisagreements> = [];
  for (const d of list) {
    let g = out.find((x) => x.document_id === d.document_id && x.start === d.start);
    if (!g) {
      g = { document_id: d.document_id, document: d.document, start: d.start, end: d.end, excerpt: d.excerpt, codes: [] };
      out.push(g);
    }
    g.codes.push({ code_id: d.code_id, code: d.code, coded_by: d.coded_by });
  }
  return out;
}

/** A quote for a list: the text in quotation marks, cut at `max` characters (by code point) with an ellipsis. */
export function shortQuote(text: string, max = 90): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return `“${chars.length > max ? chars.slice(0, max - 1).join('').trimEnd() + '…' : chars.join('')}”`;
}
