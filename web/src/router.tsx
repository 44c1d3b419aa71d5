// Client-side routing with real URLs: history.pushState plus a table of path
// patterns. The server answers index.html for unknown non-API paths.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

export function currentPath(): string {
  return window.location.pathname;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => listeners.forEach((l) => l()));
}

/** Replaces the current address with `to` (keeping the query), for an address that moved. */
export function Redirect({ to }: { to: string }): null {
  useEffect(() => navigate(to + window.location.search, { replace: true }), [to]);
  return null;
}

/** Re-renders on every navigation; returns pathname and search params. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

/** Matches "/programs/:id/pairs" against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        params[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** Updates one query parameter without adding a history entry. */
export function setQuery(name: string, value: string | null): void {
  const params = new URLSearchParams(window.location.search);
  if (value === null || value === '') params.delete(name);
  else params.set(name, value);
  const q = params.toString();
  navigate(window.location.pathname + (q ? '?' + q : ''), { replace: true });
}

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An <a> that navigates without reloading (ctrl/cmd/middle-click still open a new tab). */
export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
