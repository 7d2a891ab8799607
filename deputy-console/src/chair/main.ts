import "../styles/base.css";
import "../styles/chair.css";
import { h, patch, byId, startClocks } from "../shared/dom";
import { openLink, type LiveLink } from "../shared/hub";
import { councilFromPath } from "../shared/council";
import { t, onLang, langSwitch } from "../i18n";
import type { PinAlert, SeatView, SittingView, StreamHealth } from "../shared/wire";
import { pinAlertArrived, pinAlertsPanel } from "./alerts";
import { chair, onChange } from "./store";
import { login, storedToken, forgetToken, keep } from "./auth";
import { codeField, typedCode, accountFlow, recoveryCodesForm, passkeyLoginButton, passkeyLogin, type StaffLogin } from "../shared/second-factor";
import { currentLang } from "../i18n";
import { registrationPanel, agendaPanel, addItemForm, votePanel, openVoteForm, proxyForm, cancelForm, refreshForms } from "./panels";
import { speakersPanel, recessPanel, seatMapPanel, streamPanel, filesPanel, sittingPanel } from "./hall-panels";
import { issueForm, issuedPanel } from "./terminals";
import { selfTestForm, selfTestPanel } from "./self-test";

// The secretary's console (/chair): one page, one hub connection, panels that re-render from the pushes.

let link: LiveLink | null = null;
let token = storedToken();

function start(): void {
  const l = openLink({
    // The council's open sitting; the host's admin names the council (a council's own staff are known by their login).
    path: councilFromPath() ? `/hubs/chair?council=${encodeURIComponent(councilFromPath()!)}` : "/hubs/chair",
    accessToken: () => token,
    onState: (s) => { chair.link = s; renderDynamic(); },
    onUnauthorized: () => { forgetToken(); token = null; void l.stop(); link = null; renderAll(); },
    onUp: async (c) => {
      chair.seats = await c.invoke<SeatView[]>("Seats");
      const sitting = await fetch("/api/sittings/current").then((r) => (r.ok ? (r.json() as Promise<SittingView>) : null)).catch(() => null);
      if (sitting) chair.sitting = sitting;
      renderDynamic();
    },
  });
  link = l;
  chair.connection = l.connection;
  l.connection.on("Sitting", (s: SittingView) => { chair.sitting = s; renderDynamic(); });
  l.connection.on("Seats", (seats: SeatView[]) => { chair.seats = seats; renderDynamic(); });
  l.connection.on("Seat", (seat: SeatView) => {
    chair.seats = chair.seats.some((x) => x.seat === seat.seat) ? chair.seats.map((x) => (x.seat === seat.seat ? seat : x)) : [...chair.seats, seat];
    renderDynamic();
  });
  l.connection.on("Tally", (u: { voteId: string; tally: SittingView["votes"][number]["tally"] }) => {
    const v = chair.sitting?.vote;
    if (v && v.voteId === u.voteId) { v.tally = u.tally; renderDynamic(); }
  });
  l.connection.on("StreamHealth", (health: StreamHealth) => { chair.health = health; chair.healthAt = Date.now(); renderDynamic(); });
  l.connection.on("PinAlert", (alert: PinAlert) => pinAlertArrived(alert));
}

function loginScreen(): HTMLElement {
  const s = t().chair;
  let error: string | null = null;
  const form: HTMLFormElement = h("form", { novalidate: true, class: "card narrow login", "aria-labelledby": "login-h", onsubmit: async (e: Event) => {
    e.preventDefault();
    const name = byId<HTMLInputElement>("login-name").value.trim();
    const password = byId<HTMLInputElement>("login-password").value;
    if (!name || !password) { error = s.loginRequired; showError(); return; }
    const result = await login(name, password, typedCode()).catch(() => ({ ok: false as const, status: 0, code: undefined, detail: undefined, detailEn: undefined }));
    if (!result.ok) {
      // The server's own words for a missing or wrong code, a disabled account or a held login; one line for a wrong password.
      const said = currentLang() === "en" ? result.detailEn ?? result.detail : result.detail ?? result.detailEn;
      error = result.status === 0 ? t().common.offline : result.code && result.code !== "login-failed" && said ? said : s.loginFailed;
      showError();
      if (result.code === "second-factor-required") byId<HTMLInputElement>("login-code").focus();
      return;
    }
    loggedIn(result.answer);
  } },
  h("h1", { id: "login-h" }, s.loginTitle),
  h("label", { for: "login-name" }, s.loginName),
  h("input", { id: "login-name", autocomplete: "username", value: "secretar", required: true }),
  h("label", { for: "login-password" }, s.password),
  h("input", { id: "login-password", type: "password", autocomplete: "current-password", required: true }),
  codeField(),
  h("p", { id: "login-error", class: "error", role: "alert", hidden: true }),
  h("button", { id: "login-submit", type: "submit", class: "primary" }, s.loginButton),
  // Instead of a code: the password and a passkey of this account (docs/security.md "Second factor").
  passkeyLoginButton(async () => {
    const r = await passkeyLogin(byId<HTMLInputElement>("login-name").value.trim(), byId<HTMLInputElement>("login-password").value);
    if (!r.ok) { error = r.text; showError(); return; }
    if (!r.value.next) keep(r.value.token);
    loggedIn(r.value);
  }));
  const showError = () => { const p = byId("login-error"); p.hidden = !error; p.textContent = error ?? ""; };
  const loggedIn = (answer: StaffLogin) => {
    if (answer.next) {
      // A limited login: change the password and/or enrol the second factor first.
      patch(byId("app"), accountFlow(answer, (full) => { keep(full.token); token = full.token; renderAll(); }));
      return;
    }
    token = answer.token;
    renderAll();
  };
  return form;
}

function renderAll(): void {
  const s = t().chair;
  document.title = s.title;
  const app = byId("app");
  if (!token) {
    patch(byId("top"), h("span", { class: "title" }, s.title), langSwitch());
    patch(app, loginScreen());
    return;
  }
  if (!link) start();
  patch(byId("top"),
    h("span", { class: "title" }, s.title),
    h("span", { id: "link-state", class: "link-state" }),
    langSwitch(),
    h("button", { id: "renew-codes", type: "button", onclick: () => {
      // Ten new recovery codes, shown once (the password and a fresh TOTP code); the console comes back after.
      if (token) patch(app, recoveryCodesForm(token, () => renderAll()));
    } }, s.renewCodes),
    h("button", { id: "logout", type: "button", onclick: () => { forgetToken(); token = null; const l = link; link = null; void l?.stop(); renderAll(); } }, s.logout));
  patch(app,
    h("h1", { class: "sr-only" }, s.title),
    h("p", { id: "chair-message", role: "status", class: "message" }),
    h("div", { id: "pin-alerts-slot" }),
    h("div", { class: "grid" },
      h("section", { class: "card", "aria-labelledby": "sitting-h" }, h("h2", { id: "sitting-h" }, s.sitting), h("div", { id: "sitting-panel" })),
      h("section", { class: "card", "aria-labelledby": "self-test-h" }, h("h2", { id: "self-test-h" }, t().selfTest.title), selfTestForm(), h("div", { id: "self-test-panel" })),
      h("section", { class: "card", "aria-labelledby": "reg-h" }, h("h2", { id: "reg-h" }, s.registration), h("div", { id: "reg-panel" })),
      h("section", { class: "card wide", "aria-labelledby": "vote-h" }, h("h2", { id: "vote-h" }, s.vote), h("div", { id: "vote-panel" }),
        openVoteForm(), cancelForm(), proxyForm()),
      h("section", { class: "card", "aria-labelledby": "agenda-h" }, h("h2", { id: "agenda-h" }, s.agenda), h("div", { id: "agenda-panel" }), addItemForm()),
      h("section", { class: "card", "aria-labelledby": "speakers-h" }, h("h2", { id: "speakers-h" }, s.speakers), h("div", { id: "speakers-panel" })),
      h("section", { class: "card", "aria-labelledby": "recess-h" }, h("h2", { id: "recess-h" }, s.recessTitle), h("div", { id: "recess-panel" })),
      h("section", { class: "card wide", "aria-labelledby": "seats-h" }, h("h2", { id: "seats-h" }, s.seatMap), h("div", { id: "seat-panel" })),
      h("section", { class: "card", "aria-labelledby": "terminals-h" }, h("h2", { id: "terminals-h" }, s.terminals), issueForm(), h("div", { id: "issued-panel" })),
      h("section", { class: "card", "aria-labelledby": "stream-h" }, h("h2", { id: "stream-h" }, s.stream), h("div", { id: "stream-panel" })),
      h("section", { class: "card", "aria-labelledby": "files-h" }, h("h2", { id: "files-h" }, s.files), h("div", { id: "files-panel" }))));
  renderDynamic();
}

function renderDynamic(): void {
  if (!token || !document.getElementById("vote-panel")) return;
  const c = t().common;
  const linkState = byId("link-state");
  linkState.textContent = chair.link === "online" ? c.online : chair.link === "offline" ? c.offline : c.connecting;
  linkState.className = `link-state ${chair.link}`;
  const message = byId("chair-message");
  message.textContent = chair.message?.text ?? "";
  message.className = `message ${chair.message ? (chair.message.ok ? "ok" : "bad") : ""}`;
  patch(byId("pin-alerts-slot"), pinAlertsPanel());
  patch(byId("sitting-panel"), sittingPanel());
  patch(byId("self-test-panel"), selfTestPanel());
  patch(byId("reg-panel"), registrationPanel());
  patch(byId("vote-panel"), votePanel());
  patch(byId("agenda-panel"), agendaPanel());
  patch(byId("speakers-panel"), speakersPanel());
  patch(byId("recess-panel"), recessPanel());
  patch(byId("seat-panel"), seatMapPanel());
  patch(byId("issued-panel"), issuedPanel());
  patch(byId("stream-panel"), streamPanel());
  patch(byId("files-panel"), filesPanel());
  refreshForms();
}

onChange(renderDynamic);
onLang(renderAll);
startClocks();
renderAll();
