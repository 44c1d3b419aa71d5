// Small building blocks every page uses: labelled fields with their error,
// loading and error states, and the page frame that sets the title and moves
// focus to the heading after navigation.
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, fieldError } from '../api/client';
import { Link } from '../router';

let fieldSeq = 0;
export function useId(prefix = 'f'): string {
  const ref = useRef<string>();
  if (!ref.current) ref.current = `${prefix}-${++fieldSeq}`;
  return ref.current;
}

interface FieldProps {
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  /** Renders the control; gets the id and aria attributes to put on it. */
  children: (a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ComponentChildren;
  class?: string;
}

/** A label, the control, an optional hint and the error for this field, wired together. */
export function Field({ label, hint, error, children, class: cls }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}${cls ? ' ' + cls : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A spinner with words, announced politely. Shown only after a short delay so quick answers do not flicker. */
export function Loading({ label = 'Loading…', delay = 150 }: { label?: string; delay?: number }) {
  const [show, setShow] = useState(delay === 0);
  useEffect(() => {
    if (delay === 0) return;
    const t = setTimeout(() => setShow(true), delay);
    return () => clearTimeout(t);
  }, [delay]);
  return (
    <div class="loading" role="status" aria-live="polite">
      {show && (
        <>
          <span class="spinner" aria-hidden="true" /> {label}
        </>
      )}
    </div>
  );
}

/**
 * True when the same call may succeed if tried again: the network, a timeout,
 * throttling or the server's own trouble. A refusal (401, 403), something
 * missing (404) or a wrong request (400, 409, 422) answers the same again.
 */
export function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** An error box for a failed call, with the API's message and, when trying again can help, a retry. */
export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  if (!error) return null;
  const message =
    error instanceof ApiError ? error.message : 'Something went wrong in the page. Reload it and try again.';
  return (
    <div class="alert alert-error" role="alert">
      <p>{message}</p>
      {retry && retryable(error) && (
        <button type="button" class="secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

interface PageProps {
  title: string;
  /** Visible heading (defaults to title). */
  heading?: ComponentChildren;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  wide?: boolean;
}

/** Sets document.title and moves focus to the heading when the page changes. */
export function Page({ title, heading, children, actions, wide }: PageProps) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tandem`;
    // Focus the heading after client-side navigation so screen readers announce the new page.
    if (document.activeElement === document.body || document.activeElement?.closest('nav, .link-nav')) {
      h1.current?.focus({ preventScroll: true });
    }
  }, [title]);
  return (
    <section class={`page${wide ? ' page-wide' : ''}`}>
      <div class="page-head">
        <h1 tabIndex={-1} ref={h1}>
          {heading ?? title}
        </h1>
        {actions && <div class="page-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** The page for a 403, 404 or unreachable server, in words. */
export function StatusPage({ error, what = 'this page' }: { error: unknown; what?: string }) {
  const status = error instanceof ApiError ? error.status : -1;
  if (status === 403)
    return (
      <Page title="Not allowed" heading="Not allowed">
        <p class="lead">You are not allowed to see {what}.</p>
        <p>
          If you think you should be, ask your program coordinator. <Link href="/">Go to your home page</Link>.
        </p>
      </Page>
    );
  if (status === 404)
    return (
      <Page title="Not found" heading="Not found">
        <p class="lead">We could not find {what}. It may have been removed, or the address may be wrong.</p>
        <p>
          <Link href="/">Go to your home page</Link>.
        </p>
      </Page>
    );
  return (
    <Page title="Something went wrong">
      <ErrorMessage error={error} retry={retryable(error) ? () => window.location.reload() : undefined} />
      <p>
        <Link href="/">Go to your home page</Link>.
      </p>
    </Page>
  );
}

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** `value`, once it has not changed for `ms` (a search box asks the server when typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [JSON.stringify(value), ms]);
  return settled;
}

/** Loads something when `deps` change; keeps the last data while reloading. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    load(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setLoading(false);
      },
      (e) => {
        if (ctl.signal.aborted || (e as Error)?.name === 'AbortError') return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Renders loading, the error page or the content of a resource. */
export function Loaded<T>({
  resource,
  what,
  children,
}: {
  resource: Resource<T>;
  what?: string;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.error && resource.data === undefined) return <StatusPage error={resource.error} what={what} />;
  if (resource.data === undefined) return <Loading />;
  return <>{children(resource.data)}</>;
}

/**
 * A button that shows it is busy and is not clickable twice. While busy it is
 * aria-disabled rather than disabled, so that keyboard focus stays on it (a
 * disabled button drops focus to the page body) and returns to the form.
 */
export function Button({
  busy,
  children,
  busyLabel,
  onClick,
  ...rest
}: JSX.HTMLAttributes<HTMLButtonElement> & { busy?: boolean; busyLabel?: string; type?: string; disabled?: boolean }) {
  return (
    <button
      {...(rest as JSX.HTMLAttributes<HTMLButtonElement>)}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={(e) => {
        if (busy) {
          e.preventDefault(); // no second submit while the first is under way
          return;
        }
        (onClick as ((e: JSX.TargetedMouseEvent<HTMLButtonElement>) => void) | undefined)?.(e);
      }}
    >
      {busy ? busyLabel ?? 'Working…' : children}
    </button>
  );
}

/**
 * A form's submit handler: stops the page load, marks the form busy, clears
 * the last error, runs `work` and keeps what it throws as `error` (for
 * ErrorMessage and fieldError).
 */
export function useSubmit(work: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return { busy, error, setError, submit };
}

/** `<option>`s for a list of [value, label] pairs. */
export function optionsOf(list: readonly (readonly [string, string])[]) {
  return list.map(([v, l]) => (
    <option key={v} value={v}>
      {l}
    </option>
  ));
}

/** A form's error, unless it names one of `fields`, whose Field shows it beside the control. */
export function FormError({ error, fields }: { error: unknown; fields: string[] }) {
  return <ErrorMessage error={fields.some((k) => fieldError(error, k)) ? null : error} />;
}

/** A form's submit button (busy while it saves) and its Cancel button. */
export function FormActions({ busy, label, busyLabel = 'Saving…', onCancel, cancelLabel = 'Cancel' }: { busy: boolean; label: ComponentChildren; busyLabel?: string; onCancel?: () => void; cancelLabel?: string }) {
  return (
    <div class="actions">
      <Button type="submit" busy={busy} busyLabel={busyLabel}>
        {label}
      </Button>
      {onCancel && (
        <button type="button" class="secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
      )}
    </div>
  );
}

/**
 * A polite live region that is always in the page, so that a message put into
 * it (e.g. "Saved.") is announced by screen readers; empty says nothing.
 */
export function LiveMessage({ children, class: cls }: { children?: ComponentChildren; class?: string }) {
  return (
    <span role="status" aria-live="polite" aria-atomic="true" class={cls}>
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status.replace(/_/g, ' ')}</span>;
}

/** Rows in one page of a list the server pages (a run's proposals, a program's people). */
export const PAGE_SIZE = 50;

/**
 * "1–50 of 5,000" with Previous and Next, for a list the server pages. The
 * pager sits under its list: a new page brings the list's heading (`top`, an
 * element id) back into view, so it is read from its first row.
 */
export function Pager({ label, offset, total, onPage, top }: { label: string; offset: number; total: number; onPage: (offset: number) => void; top?: string }) {
  if (offset === 0 && total <= PAGE_SIZE) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const to = Math.min(offset + PAGE_SIZE, total);
  const go = (at: number) => {
    onPage(at);
    if (top) document.getElementById(top)?.scrollIntoView({ block: 'start' });
  };
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="secondary small" disabled={offset === 0} onClick={() => go(Math.max(0, offset - PAGE_SIZE))}>
        Previous
      </button>
      <span class="pager-count" aria-live="polite">
        {total === 0 || offset >= total ? `none of ${n(total)}` : `${n(offset + 1)}–${n(to)} of ${n(total)}`}
      </span>
      <button type="button" class="secondary small" disabled={to >= total} onClick={() => go(offset + PAGE_SIZE)}>
        Next
      </button>
    </nav>
  );
}
