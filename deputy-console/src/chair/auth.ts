// The secretary's login: POST /api/auth/login → a bearer token kept for this browser tab only.

const TOKEN = "session.chair.token";

export function storedToken(): string | null {
  try { return sessionStorage.getItem(TOKEN); } catch { return null; }
}

export function forgetToken(): void {
  try { sessionStorage.removeItem(TOKEN); } catch { /* nothing stored */ }
}

export type LoginResult = { ok: true; token: string } | { ok: false; status: number };

export async function login(name: string, password: string): Promise<LoginResult> {
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: name, password }),
  });
  if (!response.ok) return { ok: false, status: response.status };
  const body = (await response.json()) as { token?: string };
  if (!body.token) return { ok: false, status: 500 };
  try { sessionStorage.setItem(TOKEN, body.token); } catch { /* the token lives in memory for this page */ }
  return { ok: true, token: body.token };
}
