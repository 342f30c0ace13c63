import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, getToken, onUnauthenticated, setToken } from "../api/client.js";
import type { LoginResult, Role, User } from "../api/types.js";

interface AuthState {
  user: User | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** After POST /api/me/password: the forced reset is done. */
  passwordChanged: () => void;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

/** Keeps the signed-in user; the token lives in localStorage, /api/me restores the session on reload. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState<boolean>(() => getToken() !== null);

  useEffect(() => {
    if (!getToken()) return;
    api<User>("/api/me")
      .then(setUser)
      .catch(() => setToken(null))
      .finally(() => setLoading(false));
  }, []);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setToken(null);
        setUser(null);
        qc.clear();
      }),
    [qc],
  );

  const login = useCallback(async (username: string, password: string) => {
    const res = await api<LoginResult>("/api/auth/login", { method: "POST", body: { username, password } });
    setToken(res.token);
    setUser(res.user);
    return res.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api("/api/auth/logout", { method: "POST", body: {} });
    } catch {
      /* the token may already be gone; sign out locally anyway */
    }
    setToken(null);
    setUser(null);
    qc.clear();
  }, [qc]);

  const passwordChanged = useCallback(() => setUser((u) => (u ? { ...u, mustChangePassword: false } : u)), []);

  const hasRole = useCallback((...roles: Role[]) => !!user && user.roles.some((r) => roles.includes(r)), [user]);

  const value = useMemo(() => ({ user, loading, login, logout, passwordChanged, hasRole }), [user, loading, login, logout, passwordChanged, hasRole]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The auth state; must be used under AuthProvider. */
export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** The landing page of a user, by their first role. */
export function homeFor(user: User): string {
  if (user.mustChangePassword) return "/login"; // the sign-in screen asks for the new password first
  const r = user.roles;
  if (r.includes("operator")) return "/intake";
  if (r.includes("dispatcher")) return "/dispatch";
  if (r.includes("supervisor")) return "/reviews";
  if (r.includes("follow_up")) return "/follow-up";
  if (r.includes("unit_leader") || r.includes("unit_handler")) return "/unit";
  if (r.includes("viewer")) return "/dashboard";
  if (r.includes("admin")) return "/admin/units";
  return "/tickets";
}
