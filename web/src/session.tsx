// Who is signed in: loaded once from GET /me, refreshed after sign-in,
// accepting an invitation and sign-out.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { api, setCsrfToken } from './api/client';
import type { Me, Membership } from './api/types';

export interface Session {
  me: Me | null;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session>({
  me: null,
  refresh: async () => null,
  signOut: async () => {},
});

export function useSession(): Session {
  return useContext(SessionContext);
}

export async function loadMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/me');
    setCsrfToken(me.csrf_token);
    return me;
  } catch (e) {
    if ((e as { status?: number }).status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** True when the signed-in person may coordinate this program (an admin, or a coordinator of it). */
export function canCoordinate(me: Me | null, programId: number): boolean {
  if (!me) return false;
  if (me.user.is_admin) return true;
  return me.memberships.some((m) => m.program_id === programId && m.role === 'coordinator' && m.status !== 'withdrawn');
}

export function coordinates(me: Me | null): boolean {
  return !!me && (me.user.is_admin || me.memberships.some((m) => m.role === 'coordinator' && m.status !== 'withdrawn'));
}

export function participantMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => (m.role === 'mentor' || m.role === 'mentee') && m.status !== 'withdrawn');
}
