import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized } from '../../api.ts';

export type Role =
  | 'admin'
  | 'branch_officer'
  | 'employer'
  | 'partner'
  | 'regional_government'
  | 'auditor'
  | 'agent';

export interface User {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  locale?: string | null;
  /** the regions a scoped role works in (branch officer, regional government) */
  region_codes: string[];
  employer_id: number | null;
  partner_id: number | null;
}

interface Session {
  /** undefined while the first /api/auth/me is in flight, null when logged out. */
  user: User | null | undefined;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session>({
  user: undefined,
  login: () => Promise.reject(new Error('no session provider')),
  logout: () => Promise.resolve(),
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    onUnauthorized(() => setUser(null));
    api<{ user: User }>('/api/auth/me', { quiet401: true })
      .then((r) => setUser(r.user))
      .catch((e: unknown) => {
        // A 401 is the normal logged-out answer; anything else also lands on the login page.
        if (!(e instanceof ApiError)) console.error(e);
        setUser(null);
      });
    return () => onUnauthorized(null);
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const r = await api<{ user: User }>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      quiet401: true,
    });
    setUser(r.user);
    return r.user;
  }, []);
  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      setUser(null);
    }
  }, []);
  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
