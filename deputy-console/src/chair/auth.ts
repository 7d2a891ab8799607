// The secretary's login: POST /api/auth/login → a bearer token kept for this browser tab only.

import type { StaffLogin } from "../shared/second-factor";

// Each console keeps its own token (the caption console passes its key), so logging out of one leaves the other.
const TOKEN = "session.chair.token";

export function storedToken(key = TOKEN): string | null {
  try { return sessionStorage.getItem(key); } catch { return null; }
}

export function forgetToken(key = TOKEN): void {
  try { sessionStorage.removeItem(key); } catch { /* nothing stored */ }
}

export type LoginResult =
  | { ok: true; token: string; answer: StaffLogin }
  | { ok: false; status: number; code?: string; detail?: string; detailEn?: string };

/** Password and, once enrolled, the second factor's code. A limited answer (next: enrol, change-password) is not kept. */
export async function login(name: string, password: string, code?: string, key = TOKEN): Promise<LoginResult> {
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: name, password, code }),
  });
  if (!response.ok) {
    const p = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; detailEn?: string };
    return { ok: false, status: response.status, code: p.code, detail: p.detail, detailEn: p.detailEn };
  }
  const body = (await response.json()) as StaffLogin;
  if (!body.token) return { ok: false, status: 500 };
  if (!body.next) keep(body.token, key);
  return { ok: true, token: body.token, answer: body };
}

export function keep(token: string, key = TOKEN): void {
  try { sessionStorage.setItem(key, token); } catch { /* the token lives in memory for this page */ }
}
