// A small typed client for the registry API (docs/registry-api.md). Every call answers a Result: the value, or the
// server's problem details (RFC 9457 with `code`, Ukrainian `detail`, English `detailEn` and the offending `field`).

import { currentLang, t } from "../i18n";

export interface ProblemDetails {
  status: number;
  title?: string;
  code?: string;
  detail?: string;
  detailEn?: string;
  field?: string | null;
}

export type Result<T> =
  | { ok: true; status: number; value: T }
  | { ok: false; status: number; problem: ProblemDetails; body: unknown };

export interface CouncilDto { id: string; name: string; edrpou: string; katottg: string; composition: number; publicBaseUrl: string }
export interface ConvocationDto { number: number; dateFrom: string; dateUntil: string; actualEnd?: string | null }
export interface FactionDto { id: string; name: string }
export interface DeputyDto {
  id: string; fullName: string; factionId?: string | null; isHead: boolean; gender: number; birthDate?: string | null;
  mandateStart: string; mandateEnd?: string | null; mandateEndReason?: string | null; hasPin: boolean; cards: string[];
}
export interface ImportRow { line: number; fullName: string; action: "create" | "update" | "unchanged" | "error"; errors: Array<{ code: string; uk: string; en: string }> }
export interface ImportReport { dryRun: boolean; format: string; rows: ImportRow[]; created: number; updated: number; errors: number }
export interface CardDto { uid: string; deputyId: string }
export interface SeenCardDto { uid: string; hallId: string; seat: number; at: string }
export type MemberRole = "chair" | "deputy-chair" | "secretary" | "member";
export interface MemberDto { deputyId: string; role: MemberRole }
export interface BodyDto {
  id: string; kind: "plenary" | "committee"; name: string; composition: number;
  quorumRule: "more-than-half" | "at-least-half"; defaultRule: string; members: MemberDto[];
}
export interface SeatDto { number: number; label: string; x: number; y: number }
export interface HallDto { id: string; name: string; place: string; seats: SeatDto[] }
export interface TerminalDto { id?: string; terminalId?: string; kind: string; seats: number[]; label: string; revoked?: boolean }
export interface IssuedKey { terminalId: string; key: string; kind: string; seats: number[] }
export interface SessionDto { id: string; number: number; title: string; convocation: number }
export interface DocumentDto { id: string; name: string; size: number; sha256: string; url: string }
export interface AgendaItemDto { id: string; order: number; projectNumber?: string | null; title: string; author?: string | null; text?: string | null; documents: DocumentDto[] }
export type SittingStatus = "planned" | "open" | "closed";
export interface SittingDto {
  id: string; sessionId?: string | null; bodyId: string; hallId: string; number: number; date: string; time: string; place: string;
  status: SittingStatus; agenda: AgendaItemDto[]; openDataUrl?: string | null;
}
export interface AccountDto { login: string; role: string; council: string | null; disabled?: boolean; secondFactor?: boolean; mustChangePassword?: boolean }
export interface LoginAnswer { token: string; role: string; council: string | null; next?: string | null }

// The admin console's own key, apart from the chair console's, so logging out of one leaves the other.
const TOKEN = "session.admin.token";
const WHO = "session.admin.who";

export function storedLogin(): LoginAnswer | null {
  try {
    const token = sessionStorage.getItem(TOKEN);
    const who = JSON.parse(sessionStorage.getItem(WHO) ?? "null") as { role: string; council: string | null } | null;
    return token ? { token, role: who?.role ?? "admin", council: who?.council ?? null } : null;
  } catch { return null; }
}

export function remember(answer: LoginAnswer): void {
  try {
    sessionStorage.setItem(TOKEN, answer.token);
    sessionStorage.setItem(WHO, JSON.stringify({ role: answer.role, council: answer.council }));
  } catch { /* the token lives in memory for this page */ }
  memory = answer.token;
}

export function forget(): void {
  memory = null;
  try { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(WHO); } catch { /* nothing stored */ }
}

let memory: string | null = storedLogin()?.token ?? null;
let onUnauthorized: () => void = () => undefined;
/** What to do when the server no longer accepts the token (expired, revoked): the page shows the login again. */
export function whenUnauthorized(handler: () => void): void { onUnauthorized = handler; }

export type Body = { json: unknown } | { raw: Blob | string; type: string } | undefined;

export async function call<T>(method: string, path: string, body?: Body): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
  if (memory) headers.authorization = `Bearer ${memory}`;
  let payload: BodyInit | undefined;
  if (body && "json" in body) { headers["content-type"] = "application/json"; payload = JSON.stringify(body.json); }
  else if (body) { headers["content-type"] = body.type; payload = body.raw; }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    return { ok: false, status: 0, problem: { status: 0, code: "offline", detail: t().common.offline }, body: null };
  }
  const text = await response.text().catch(() => "");
  let parsed: unknown = null;
  if (text) { try { parsed = JSON.parse(text); } catch { parsed = text; } }
  if (response.ok) return { ok: true, status: response.status, value: parsed as T };
  if (response.status === 401 && path !== "/api/auth/login" && path !== "/api/setup") { forget(); onUnauthorized(); }
  const problem: ProblemDetails = isProblem(parsed) ? { ...parsed, status: response.status } : { status: response.status, title: typeof parsed === "string" ? parsed : undefined };
  return { ok: false, status: response.status, problem, body: parsed };
}

function isProblem(x: unknown): x is ProblemDetails {
  return typeof x === "object" && x !== null && ("detail" in x || "code" in x || "title" in x);
}

/** The problem in the reader's language: `detail` (uk) or `detailEn` (en), then the code, then the HTTP status. */
export function problemText(p: ProblemDetails): string {
  const a = t().admin.common;
  const text = currentLang() === "en" ? p.detailEn ?? p.detail : p.detail ?? p.detailEn;
  if (text) return text;
  if (p.status === 401) return a.unauthorized;
  if (p.status === 403) return a.forbidden;
  if (p.status === 404) return a.notFound;
  return p.code ?? p.title ?? a.httpError(p.status);
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, json?: unknown) => call<T>("POST", path, json === undefined ? undefined : { json });
export const put = <T>(path: string, json: unknown) => call<T>("PUT", path, { json });
export const del = (path: string) => call<unknown>("DELETE", path);

/** `/api/councils/{council}/…` with every segment escaped. */
export function councilPath(council: string, ...segments: Array<string | number>): string {
  return ["/api/councils", council, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(String(s)))).join("/");
}
