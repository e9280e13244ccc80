import { useSyncExternalStore } from 'react';
import type { components } from '../api/schema';

export type Me = components['schemas']['MeDto'];

export interface Session {
  token: string;
  user: Me;
  /** Set by the login answer after an admin's reset: only 修改密码 is open until it is done. */
  mustChangePassword: boolean;
}

/** Why the user is back at 登录 (shown there once). */
export type SignOutReason = 'expired' | 'password-changed' | 'signed-out';

const KEY = 'duban.session';
type Listener = () => void;
const listeners = new Set<Listener>();

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();
let lastReason: SignOutReason | null = null;

function set(next: Session | null): void {
  current = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

/** The signed-in user's token and identity, kept in localStorage; the one place that holds them. */
export const session = {
  get: (): Session | null => current,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(next: Session): void {
    lastReason = null;
    set(next);
  },
  update(patch: Partial<Session>): void {
    if (current) set({ ...current, ...patch });
  },
  signOut(reason: SignOutReason): void {
    if (!current) return;
    lastReason = reason;
    set(null);
  },
  /** The reason of the last sign-out, once. */
  takeReason(): SignOutReason | null {
    const reason = lastReason;
    lastReason = null;
    return reason;
  },
};

// Another tab signed in or out.
window.addEventListener('storage', (event) => {
  if (event.key === KEY) {
    current = load();
    for (const listener of listeners) listener();
  }
});

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
