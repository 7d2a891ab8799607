import "../styles/base.css";
import "../styles/admin.css";
import { h, patch, byId } from "../shared/dom";
import { t, onLang, langSwitch, currentLang } from "../i18n";
import { get, post, storedLogin, remember, forget, whenUnauthorized, councilPath, problemText, type CouncilDto, type LoginAnswer } from "./api";
import { apiForm, field, val, type Ctx } from "./ui";
import { setupScreen, wizardScreen, startWizard } from "./wizard";
import { councilScreen } from "./council";
import { deputiesScreen } from "./deputies";
import { factionsScreen } from "./factions";
import { bodiesScreen } from "./bodies";
import { hallsScreen } from "./halls";
import { cardsScreen } from "./cards";
import { accountsScreen } from "./accounts";
import { accountFlow, passwordForm, passwordChanged, recoveryCodesForm, passkeyLoginButton, passkeyLogin, passkeyAddCard, offerPasskeys } from "../shared/second-factor";
import { sittingsScreen } from "./sittings";
import { sittingScreen } from "./agenda";
import { auditScreen } from "./audit";

// The council's admin console: /{council}/admin (one council), /admin (the list of councils, or the first start).
// One screen at a time, chosen by the URL fragment (#deputies, #sittings/{id}), so a screen can be linked and reloaded.

type Render = (ctx: Ctx, arg: string | null) => Promise<HTMLElement>;
interface ScreenDef { id: string; label: () => string; adminOnly?: boolean; render: Render }

const screens: ScreenDef[] = [
  { id: "council", label: () => t().admin.nav.council, render: councilScreen },
  { id: "deputies", label: () => t().admin.nav.deputies, render: deputiesScreen },
  { id: "factions", label: () => t().admin.nav.factions, render: factionsScreen },
  { id: "bodies", label: () => t().admin.nav.bodies, render: bodiesScreen },
  { id: "halls", label: () => t().admin.nav.halls, render: hallsScreen },
  { id: "cards", label: () => t().admin.nav.cards, adminOnly: true, render: cardsScreen },
  { id: "accounts", label: () => t().admin.nav.accounts, adminOnly: true, render: accountsScreen },
  { id: "sittings", label: () => t().admin.nav.sittings, render: (ctx, arg) => (arg ? sittingScreen(ctx, arg) : sittingsScreen(ctx)) },
  { id: "audit", label: () => t().admin.nav.audit, render: auditScreen },
];

/** An observer reads the audit log and nothing else here (the published facts are on the public page). */
const OBSERVER_SCREENS = ["audit"];

/** `/{council}/admin` names the council; `?council=` serves `npm run dev`, where the page is /admin.html. */
function councilFromPath(): string | null {
  const parts = location.pathname.split("/").filter(Boolean);
  if (parts.length === 2 && parts[1] === "admin") return decodeURIComponent(parts[0]);
  return new URLSearchParams(location.search).get("council");
}

const council = councilFromPath();
let who: LoginAnswer | null = storedLogin();
let councilName = "";
let leave: Array<() => void> = [];
let view: () => void = () => undefined;

function leaveScreen(): void { for (const fn of leave) fn(); leave = []; }

function topBar(): void {
  const a = t().admin;
  document.title = councilName ? `${councilName} — ${a.title}` : a.title;
  patch(byId("top"),
    h("span", { class: "title" }, a.title, councilName ? ` · ${councilName}` : ""),
    h("span", { class: "bar-actions" },
      langSwitch(),
      who ? h("button", { id: "change-password", type: "button", onclick: () => changePassword() }, currentLang() === "en" ? "Change password" : "Змінити пароль") : null,
      who ? h("button", { id: "renew-codes", type: "button", onclick: () => renewCodes() }, currentLang() === "en" ? "New recovery codes" : "Нові коди відновлення") : null,
      who && offerPasskeys() ? h("button", { id: "add-passkey", type: "button", onclick: () => addPasskey() }, currentLang() === "en" ? "Add a passkey" : "Додати ключ доступу") : null,
      who ? h("button", { id: "logout", type: "button", onclick: () => { forget(); who = null; void boot(); } }, a.logout) : null));
}

/** The account changes its own password (the current one and the second factor); its other sessions end. */
function changePassword(): void {
  if (!who) return;
  hideNav();
  patch(byId("app"), passwordForm(who.token, null, (answer) => {
    remember(answer); who = answer; void boot().then(() => { const m = document.getElementById("admin-message"); if (m) m.textContent = passwordChanged(); });
  }, () => { void boot(); }));
}

/** Ten new recovery codes for this account, shown once. */
function renewCodes(): void {
  if (!who) return;
  hideNav();
  patch(byId("app"), recoveryCodesForm(who.token, () => { void boot(); }));
}

/** A passkey for this account (another second factor, or its first). */
function addPasskey(): void {
  if (!who) return;
  hideNav();
  patch(byId("app"), passkeyAddCard(who.token, (fresh) => {
    if (fresh) { remember(fresh); who = fresh; }
    void boot();
  }));
}

function hideNav(): void { const nav = byId("admin-nav"); nav.hidden = true; nav.replaceChildren(); }

function loginForm(): HTMLElement {
  const a = t().admin.login;
  const form = apiForm<LoginAnswer>("login-form", a.title, [
    field("login-name", a.name, "login", { autocomplete: "username", required: true }),
    field("login-password", a.password, "password", { type: "password", autocomplete: "current-password", required: true }),
    field("login-code", currentLang() === "en" ? "Second-factor code (6 digits, or a recovery code)" : "Код другого фактора (6 цифр або код відновлення)",
      "code", { autocomplete: "one-time-code", spellcheck: false }),
  ], a.submit,
  (f) => post<LoginAnswer>("/api/auth/login", {
    login: val(f, "login"), password: (f.querySelector("#login-password") as HTMLInputElement).value, code: val(f, "code") || undefined,
  }),
  (answer) => loggedIn(answer), { class: "api-form card narrow" }, "h2");
  const loggedIn = (answer: LoginAnswer) => {
    // A limited login (a reset password, no second factor yet) goes through its steps before it is kept.
    if (answer.next) { form.replaceWith(accountFlow(answer, (full) => { remember(full); who = full; void boot(); })); return; }
    remember(answer); who = answer; void boot();
  };
  // Instead of a code: the password and a passkey of this account (docs/security.md "Second factor").
  form.append(...passkeyLoginButton(async () => {
    const r = await passkeyLogin(val(form, "login"), (form.querySelector("#login-password") as HTMLInputElement).value);
    const summary = form.querySelector<HTMLElement>(".form-error");
    if (!r.ok) { if (summary) { summary.hidden = false; summary.textContent = r.text; } return; }
    loggedIn(r.value as LoginAnswer);
  }));
  return form;
}

/** `/admin`: the first start, or the councils of this server. */
async function landing(): Promise<void> {
  const a = t().admin;
  hideNav();
  const setup = await get<{ needed: boolean }>("/api/setup");
  if (setup.ok && setup.value.needed) {
    view = () => { topBar(); patch(byId("app"), setupScreen(() => { who = storedLogin(); startWizard(); view = wizardView; view(); })); };
    return view();
  }
  const list = await get<CouncilDto[]>("/api/councils");
  const councils = list.ok ? list.value : [];
  if (who?.council) { location.assign(`/${encodeURIComponent(who.council)}/admin`); return; }
  if (who && councils.length === 0 && list.ok) { startWizard(); view = wizardView; return view(); }
  view = () => {
    topBar();
    patch(byId("app"),
      h("h1", null, a.title),
      h("p", { id: "admin-message", role: "status", class: "message" }, list.ok ? "" : problemText(list.problem)),
      h("section", { class: "card", "aria-labelledby": "councils-h" },
        h("h2", { id: "councils-h" }, a.councils.title),
        councils.length === 0 ? h("p", { class: "muted" }, a.councils.none) :
          h("ul", { id: "council-list", class: "plain" }, councils.map((c) => h("li", null,
            h("a", { href: `/${encodeURIComponent(c.id)}/admin` }, c.name), " ", h("code", null, c.id)))),
        who ? h("button", { id: "new-council", type: "button", class: "primary", onclick: () => { startWizard(); view = wizardView; view(); } }, a.councils.add) : null),
      who ? null : loginForm());
  };
  view();
}

function wizardView(): void { topBar(); patch(byId("app"), wizardScreen()); }

function currentRoute(): { id: string; arg: string | null } {
  const [id, ...rest] = decodeURIComponent(location.hash.slice(1)).split("/");
  return { id: screens.some((s) => s.id === id) ? id : "council", arg: rest.length ? rest.join("/") : null };
}

/** `/{council}/admin`: the nav and the chosen screen. */
async function consoleView(code: string): Promise<void> {
  const a = t().admin;
  if (!who) { hideNav(); view = () => { topBar(); patch(byId("app"), h("h1", { class: "sr-only" }, a.title), loginForm()); }; return view(); }
  const details = await get<CouncilDto>(councilPath(code));
  councilName = details.ok ? details.value.name : code;
  const isAdmin = who.role === "admin";
  const observer = who.role === "observer";
  const visible = screens.filter((s) => observer ? OBSERVER_SCREENS.includes(s.id) : !s.adminOnly || isAdmin);
  view = () => {
    topBar();
    const asked = currentRoute();
    const route = visible.some((s) => s.id === asked.id) ? asked : { id: visible[0].id, arg: null };
    const nav = byId("admin-nav");
    nav.hidden = false;
    nav.setAttribute("aria-label", a.nav.label);
    patch(nav, h("ul", null, visible.map((s) => h("li", null,
      h("a", { id: `nav-${s.id}`, href: `#${s.id}`, "aria-current": s.id === route.id ? "page" : null }, s.label())))));
    patch(byId("app"),
      h("h1", null, councilName),
      who && who.council && who.council !== code ? h("p", { class: "note warn" }, a.otherCouncil(who.council)) : null,
      h("p", { id: "admin-message", role: "status", class: "message" }),
      h("div", { id: "screen" }, h("p", { class: "muted" }, t().common.loading)));
    void showScreen(code, route.id, route.arg);
  };
  view();
}

let shown = 0;
let focusScreen = false;
async function showScreen(code: string, id: string, arg: string | null): Promise<void> {
  leaveScreen();
  const ticket = ++shown;
  const def = screens.find((s) => s.id === id) ?? screens[0];
  const ctx: Ctx = { council: code, role: who?.role ?? "", hostAdmin: who?.role === "admin" && !who.council, onLeave: (fn) => leave.push(fn),
    go: (hash) => { if (location.hash === `#${hash}`) void showScreen(code, id, arg); else location.hash = hash; } };
  const el = await def.render(ctx, arg);
  if (ticket !== shown) return;
  patch(byId("screen"), el);
  // After a move by the nav, the new screen's heading takes the focus, so a screen reader starts there.
  if (focusScreen) { focusScreen = false; el.querySelector<HTMLElement>("h2")?.focus(); }
}

async function boot(): Promise<void> {
  leaveScreen();
  if (council) await consoleView(council);
  else await landing();
}

whenUnauthorized(() => { who = null; void boot(); });
window.addEventListener("hashchange", () => {
  if (!council || !who) return;
  focusScreen = true;
  view();
});
onLang(() => view());
void boot();
