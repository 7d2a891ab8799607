import "../styles/base.css";
import "../styles/captions.css";
import { h, patch, byId } from "../shared/dom";
import { openLink, type LinkState, type LiveLink } from "../shared/hub";
import { councilFromPath } from "../shared/council";
import { t, onLang, langSwitch, currentLang, refusal } from "../i18n";
import { login, storedToken, forgetToken, keep } from "../chair/auth";
import { codeField, typedCode, accountFlow } from "../shared/second-factor";
import type { CaptionLine, CommandAck } from "../shared/wire";

// The caption console (/{council}/captions): a re-speaker or stenographer types; Enter sends the line to
// /hubs/captions, which pushes it to the stream and the public page. Only a captioner or whoever runs the sitting
// may send (the server decides, and says so in both languages). A refused or unsent line stays in the box.

const TOKEN = "session.captions.token";
// CaptionLimits.MaxLength on the server.
const MAX = 200;
// "Send as I type": at most this often, so a fast typist stays far below the hub's rate limit.
const PARTIAL_MS = 400;

let token = storedToken(TOKEN);
let link: LiveLink | null = null;
let state: LinkState = "connecting";
let recent: CaptionLine[] = [];
let message: { text: string; ok: boolean } | null = null;
let partialMode = false;
let partialTimer: number | null = null;
let lastPartial = "";

/** A hub error's own words: «code: український текст / English text», in the reader's language. */
function hubError(e: unknown): string {
  const raw = String(e instanceof Error ? e.message : e ?? "");
  const text = raw.includes("HubException: ") ? raw.slice(raw.indexOf("HubException: ") + "HubException: ".length) : raw;
  const m = /^[a-z-]+: (.*) \/ (.*)$/.exec(text);
  if (!m) return t().common.offlineNotSent;
  return currentLang() === "en" ? m[2] : m[1];
}

function start(): void {
  const council = councilFromPath();
  const l = openLink({
    path: council ? `/hubs/captions?council=${encodeURIComponent(council)}` : "/hubs/captions",
    accessToken: () => token,
    onState: (s) => { state = s; renderState(); },
    onUnauthorized: () => { forgetToken(TOKEN); token = null; void l.stop(); link = null; renderAll(); },
    onUp: async (c) => {
      try {
        recent = await c.invoke<CaptionLine[]>("Recent");
      } catch (e) {
        // Connected, but this account may not caption: say so and keep the page (the role is the admin's to change).
        message = { text: hubError(e), ok: false };
      }
      renderState();
      renderRecent();
    },
  });
  link = l;
}

async function send(text: string, partial: boolean): Promise<CommandAck | null> {
  const c = link?.connection;
  if (!c || state !== "online") { if (!partial) show(t().common.offlineNotSent, false); return null; }
  try {
    return await c.invoke<CommandAck>("Send", { text, partial });
  } catch (e) {
    if (!partial) show(hubError(e), false);
    return null;
  }
}

async function submit(): Promise<void> {
  const input = byId<HTMLInputElement>("caption-line");
  const text = input.value.trim();
  if (!text) return;
  if (text.length > MAX) { show(t().captions.tooLong(MAX), false); return; }
  if (partialTimer !== null) { clearTimeout(partialTimer); partialTimer = null; }
  const ack = await send(text, false);
  if (!ack) return;
  if (!ack.accepted) { show(refusal(ack), false); return; }
  // Only an acknowledged line leaves the box.
  if (input.value.trim() === text) input.value = "";
  lastPartial = "";
  recent = [...recent, { seq: ack.journalSeq ?? 0, text, partial: false, at: new Date().toISOString() }].slice(-20);
  show(t().captions.sent(ack.journalSeq ?? 0), true);
  renderRecent();
  renderCounter();
}

function typed(): void {
  renderCounter();
  if (!partialMode || partialTimer !== null) return;
  partialTimer = window.setTimeout(() => {
    partialTimer = null;
    const text = byId<HTMLInputElement>("caption-line").value.trim();
    if (text === lastPartial || text.length > MAX) return;
    lastPartial = text;
    void send(text, true);
  }, PARTIAL_MS);
}

function show(text: string, ok: boolean): void {
  message = { text, ok };
  renderState();
}

function loginScreen(): HTMLElement {
  const s = t().chair;
  const form: HTMLFormElement = h("form", { novalidate: true, class: "card narrow login", "aria-labelledby": "login-h", onsubmit: async (e: Event) => {
    e.preventDefault();
    const error = byId("login-error");
    const name = byId<HTMLInputElement>("login-name").value.trim();
    const password = byId<HTMLInputElement>("login-password").value;
    const fail = (text: string) => { error.hidden = false; error.textContent = text; };
    if (!name || !password) { fail(s.loginRequired); return; }
    const result = await login(name, password, typedCode(), TOKEN).catch(() => ({ ok: false as const, status: 0, code: undefined, detail: undefined, detailEn: undefined }));
    if (!result.ok) {
      const said = currentLang() === "en" ? result.detailEn ?? result.detail : result.detail ?? result.detailEn;
      fail(result.status === 0 ? t().common.offline : result.code && result.code !== "login-failed" && said ? said : s.loginFailed);
      return;
    }
    if (result.answer.next) {
      patch(byId("app"), accountFlow(result.answer, (full) => { keep(full.token, TOKEN); token = full.token; renderAll(); }));
      return;
    }
    token = result.token;
    renderAll();
  } },
  h("h1", { id: "login-h" }, t().captions.loginTitle),
  h("label", { for: "login-name" }, s.loginName),
  h("input", { id: "login-name", autocomplete: "username", required: true }),
  h("label", { for: "login-password" }, s.password),
  h("input", { id: "login-password", type: "password", autocomplete: "current-password", required: true }),
  codeField(),
  h("p", { id: "login-error", class: "error", role: "alert", hidden: true }),
  h("button", { id: "login-submit", type: "submit", class: "primary" }, s.loginButton));
  return form;
}

function renderAll(): void {
  const s = t().captions;
  document.title = s.title;
  if (!token) {
    patch(byId("top"), h("span", { class: "title" }, s.title), langSwitch());
    patch(byId("app"), loginScreen());
    return;
  }
  if (!link) start();
  patch(byId("top"),
    h("span", { class: "title" }, s.title),
    h("span", { id: "link-state", class: "link-state" }),
    langSwitch(),
    h("button", { id: "logout", type: "button", onclick: () => { forgetToken(TOKEN); token = null; const l = link; link = null; void l?.stop(); renderAll(); } }, t().chair.logout));
  patch(byId("app"),
    h("h1", null, s.title),
    h("p", { id: "caption-message", role: "alert", class: "message" }),
    h("form", { id: "caption-form", class: "card", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
      h("label", { for: "caption-line" }, s.line),
      h("input", { id: "caption-line", autocomplete: "off", spellcheck: "true", "aria-describedby": "caption-hint", oninput: typed }),
      h("p", { id: "caption-hint", class: "muted" }, s.hint(MAX)),
      h("div", { class: "caption-row" },
        h("button", { id: "caption-send", type: "submit", class: "primary" }, s.send),
        h("label", null, h("input", { id: "caption-partial", type: "checkbox", checked: partialMode, onchange: (e: Event) => { partialMode = (e.target as HTMLInputElement).checked; } }), " ", s.partial),
        h("span", { id: "caption-counter", class: "caption-counter", "aria-live": "off" }))),
    h("section", { class: "card", "aria-labelledby": "recent-h" }, h("h2", { id: "recent-h" }, s.recent), h("div", { id: "recent-panel" })));
  renderState();
  renderRecent();
  renderCounter();
  byId<HTMLInputElement>("caption-line").focus();
}

function renderState(): void {
  const el = document.getElementById("link-state");
  if (!el) return;
  const c = t().common;
  el.textContent = state === "online" ? c.online : state === "offline" ? c.offline : c.connecting;
  el.className = `link-state ${state}`;
  const m = byId("caption-message");
  m.textContent = message?.text ?? "";
  m.className = `message ${message ? (message.ok ? "ok" : "bad") : ""}`;
}

function renderRecent(): void {
  const panel = document.getElementById("recent-panel");
  if (!panel) return;
  const s = t().captions;
  patch(panel, recent.length === 0 ? h("p", { class: "muted" }, s.none)
    : h("ol", { id: "recent-lines" }, recent.slice(-10).map((line) => h("li", { value: line.seq }, line.text))));
}

function renderCounter(): void {
  const input = document.getElementById("caption-line") as HTMLInputElement | null;
  const counter = document.getElementById("caption-counter");
  if (!input || !counter) return;
  const n = input.value.trim().length;
  counter.textContent = t().captions.counter(n, MAX);
  counter.className = `caption-counter ${n > MAX ? "over" : ""}`;
}

onLang(renderAll);
renderAll();
