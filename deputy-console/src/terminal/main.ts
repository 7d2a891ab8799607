import "../styles/base.css";
import "../styles/terminal.css";
import type { HubConnection } from "@microsoft/signalr";
import { h, patch, byId, announce, startClocks } from "../shared/dom";
import { openLink, type LiveLink, type LinkState } from "../shared/hub";
import { t, onLang, langSwitch, refusal, currentLang } from "../i18n";
import { newCommandId, toMillis, type Choice, type CommandAck, type DeputyView, type HelloReply, type SeatView, type SittingView, type VoteView } from "../shared/wire";
import { Outbox, type QueuedCast } from "./outbox";
import { readKeyFromLocation, scanButton, linkCa, checkHallCa, spaced } from "./pairing";
import { storedKey, saveKey, forgetKey, outboxName } from "./keystore";
import { isRemotePage, remoteScreen } from "./remote";

// The deputy's tablet: pair with a terminal key, identify (pick one's name, then the PIN), vote, declare a conflict, ask for the floor.
// On /remote the deputy's own device signs in with a passkey and the PIN instead (./remote.ts) and lands on the same screens.
const remote = isRemotePage();


interface Accepted { choice: Choice; seq: number }

const state = {
  key: readKeyFromLocation() ?? storedKey(),
  hello: null as HelloReply | null,
  seat: null as number | null,
  seatView: null as SeatView | null,
  sitting: null as SittingView | null,
  link: "connecting" as LinkState,
  accepted: new Map<string, Accepted>(),
  error: null as string | null,
  pairError: null as string | null,
  typedKey: "",
  busy: false,
  /** The hall CA's fingerprint, checked against the pairing link's before the key was sent (null: no link or no CA). */
  caVerified: null as string | null,
};

let outbox = new Outbox(outboxName(""));
let link: LiveLink | null = null;

function hub(): HubConnection | null { return link && link.state === "online" ? link.connection : null; }

function connect(key: string): void {
  state.key = key;
  outbox = new Outbox(outboxName(key));
  state.pairError = null;
  const l = openLink({
    path: "/hubs/terminal",
    onState: (s) => { state.link = s; renderBanner(); renderApp(); },
    onUp: async (c) => {
      const reply = await c.invoke<HelloReply>("Hello", { terminalKey: key, client: "deputy-console/terminal" });
      if (!reply.accepted) {
        forgetKey();
        state.key = null;
        state.hello = null;
        state.typedKey = key; // shown again in the form: nothing typed is lost
        state.pairError = currentLang() === "uk" && reply.message ? reply.message : t().terminal.keyRefused;
        void l.stop();
        renderApp();
        return;
      }
      saveKey(key);
      state.hello = reply;
      if (state.seat === null || !reply.seats.includes(state.seat)) state.seat = reply.seats[0] ?? null;
      // Casts made while the connection was down go out now, each with its original commandId.
      void outbox.flush((cast) => c.invoke<CommandAck>("Cast", cast), castAnswered).then(renderApp);
    },
  });
  link = l;
  l.connection.on("Sitting", (s: SittingView) => { state.sitting = s; renderApp(); });
  l.connection.on("Seat", (v: SeatView) => {
    if (v.seat !== state.seat) return;
    state.seatView = v;
    // The deputy left the remote place (or the secretary cleared it): sign in again.
    if (remote && !v.deputyId) unpair();
    renderApp();
  });
  l.connection.on("Tally", () => { /* deputies vote without seeing a running count */ });
}

function castAnswered(cast: QueuedCast, ack: CommandAck): void {
  if (ack.accepted && ack.journalSeq !== null && ack.journalSeq !== undefined) {
    state.accepted.set(cast.voteId, { choice: cast.choice, seq: ack.journalSeq });
    state.error = null;
    announce(t().terminal.castAccepted(t().choice[cast.choice], ack.journalSeq));
  } else {
    state.error = refusal(ack);
    announce(state.error);
  }
  renderApp();
}

function cast(choice: Choice): void {
  const vote = state.sitting?.vote;
  if (!vote || state.seat === null) return;
  outbox.enqueue(state.seat, vote.voteId, choice);
  state.error = null;
  renderApp();
  const c = hub();
  if (c) void outbox.flush((q) => c.invoke<CommandAck>("Cast", q), castAnswered).then(renderApp);
}

async function command(method: string, arg: Record<string, unknown>): Promise<CommandAck | null> {
  const c = hub();
  if (!c) { state.error = t().terminal.offlineNotSent; renderApp(); return null; }
  state.busy = true;
  try {
    const ack = await c.invoke<CommandAck>(method, { commandId: newCommandId(), ...arg });
    state.error = ack.accepted ? null : refusal(ack);
    if (state.error) announce(state.error);
    return ack;
  } catch {
    state.error = t().terminal.offlineNotSent;
    return null;
  } finally {
    state.busy = false;
    renderApp();
  }
}

// ---- rendering ----

const app = () => byId("app");

function renderBanner(): void {
  const s = t().common;
  const banner = byId("link-banner");
  banner.className = `link-banner ${state.link}`;
  banner.textContent = state.link === "offline" ? s.offline : state.link === "connecting" && state.key ? s.connecting : "";
}

function renderHeader(): void {
  const s = t().terminal;
  const who = state.seatView?.deputyName;
  patch(byId("top"),
    h("div", { class: "brand" }, h("span", { class: "title" }, s.title), state.seat !== null ? h("span", { class: "seat-no" }, s.seatLabel(state.seat)) : null),
    who ? h("span", { class: "who" }, who) : null,
    langSwitch());
}

// The pair and identify forms are built once per visit and then only their error line changes, so a push
// arriving while the deputy types a key or a PIN never wipes what was typed.
let shown: "pair" | "identify" | "main" | "wait" | null = null;

function renderApp(): void {
  document.title = t().terminal.title;
  renderHeader();
  // A remote place is identified by its sign-in, never by the PIN form: until its seat arrives, wait.
  const next = !state.key || !link ? "pair" : !state.hello ? "wait" : !state.seatView?.deputyId ? (remote ? "wait" : "identify") : "main";
  if (next === shown && next === "pair") return remote ? undefined : setError("pair-error", "pair-key", state.pairError);
  if (next === shown && next === "identify") { syncDeputies(); return setError("identify-error", "pin", state.error); }
  shown = next;
  if (next === "pair" && remote) patch(app(), state.pairError ? h("p", { id: "pair-error", class: "error", role: "alert" }, state.pairError) : null,
    remoteScreen((r) => { state.seat = r.seat; connect(r.terminalKey); renderApp(); }));
  else if (next === "pair") patch(app(), pairScreen());
  else if (next === "wait") patch(app(), h("p", { class: "hint" }, t().common.connecting));
  else if (next === "identify") patch(app(), identifyScreen());
  else patch(app(), mainScreen());
}

function setError(errorId: string, inputId: string, text: string | null): void {
  const p = document.getElementById(errorId);
  const input = document.getElementById(inputId);
  if (!p || !input) return;
  p.hidden = !text;
  p.textContent = text ?? "";
  if (text) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", errorId); }
  else { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
}

function pairScreen(): HTMLElement {
  const s = t().terminal;
  const form = h("form", { novalidate: true, class: "card narrow", "aria-labelledby": "pair-h", onsubmit: (e: Event) => {
    e.preventDefault();
    const key = (byId<HTMLInputElement>("pair-key").value ?? "").trim();
    if (!key) { state.pairError = s.keyRequired; renderApp(); return; }
    connect(key);
    renderApp();
  } },
  h("h1", { id: "pair-h" }, s.pairTitle),
  h("p", null, s.pairHint),
  h("label", { for: "pair-key" }, s.keyLabel),
  h("input", { id: "pair-key", name: "terminal-key", value: state.typedKey, autocomplete: "off", autocapitalize: "none", spellcheck: "false", required: true,
    "aria-describedby": state.pairError ? "pair-error" : null, "aria-invalid": state.pairError ? "true" : null }),
  h("p", { id: "pair-error", class: "error", role: "alert", hidden: !state.pairError }, state.pairError ?? ""),
  h("button", { id: "pair-submit", type: "submit", class: "primary big" }, s.pairButton),
  scanButton((key) => { if (linkCa) void pairFromLink(key, linkCa); else { connect(key); renderApp(); } }));
  return form;
}

// A PIN identifies only together with its deputy (issue 10): the deputy picks their name from the sitting's roster
// (names as the registry has them), then types the PIN; the command carries both.
function rosterOptions(): DeputyView[] {
  return [...(state.sitting?.deputies ?? [])].sort((a, b) => a.name.localeCompare(b.name, "uk"));
}

function deputyOptions(chosen: string): HTMLOptionElement[] {
  return [h("option", { value: "" }, t().terminal.deputyChoose),
    ...rosterOptions().map((d) => h("option", { value: d.id, selected: d.id === chosen }, d.name))];
}

/** A push may bring the roster after the form was built: the list is refreshed, the choice and the typed PIN kept. */
function syncDeputies(): void {
  const select = document.getElementById("deputy") as HTMLSelectElement | null;
  if (!select) return;
  const ids = rosterOptions().map((d) => d.id).join(",");
  if (select.dataset.ids === ids) return;
  const chosen = select.value;
  select.replaceChildren(...deputyOptions(chosen));
  select.dataset.ids = ids;
  const hint = document.getElementById("no-roster");
  if (hint) hint.hidden = ids !== "";
}

function identifyScreen(): HTMLElement {
  const s = t().terminal;
  const roster = rosterOptions();
  return h("form", { novalidate: true, class: "card narrow", "aria-labelledby": "identify-h", onsubmit: async (e: Event) => {
    e.preventDefault();
    const deputy = byId<HTMLSelectElement>("deputy").value;
    const pinInput = byId<HTMLInputElement>("pin");
    const pin = pinInput.value.trim();
    if (!deputy) { state.error = s.deputyRequired; renderApp(); byId("deputy").focus(); return; }
    if (!/^\d{4,8}$/.test(pin)) { state.error = s.pinFormat; renderApp(); return; }
    const ack = await command("Identify", { seat: state.seat, deputy, pin });
    if (ack?.accepted) announce(s.identified);
    else if (ack) { pinInput.value = ""; pinInput.focus(); }
  } },
  h("h1", { id: "identify-h" }, s.identifyTitle(state.seat ?? 0)),
  h("p", null, s.identifyHint),
  state.caVerified ? h("p", { id: "hall-ca", class: "hint" }, s.caVerified(spaced(state.caVerified))) : null,
  h("label", { for: "deputy" }, s.deputyLabel),
  h("select", { id: "deputy", name: "deputy", required: true, "data-ids": roster.map((d) => d.id).join(",") }, deputyOptions("")),
  h("p", { id: "no-roster", class: "muted", hidden: roster.length > 0 }, s.noRoster),
  h("label", { for: "pin" }, s.pinLabel),
  h("input", { id: "pin", type: "password", inputmode: "numeric", autocomplete: "off", maxlength: 8, required: true,
    "aria-describedby": state.error ? "identify-error" : null, "aria-invalid": state.error ? "true" : null }),
  h("p", { id: "identify-error", class: "error", role: "alert", hidden: !state.error }, state.error ?? ""),
  h("button", { id: "identify-submit", type: "submit", class: "primary big", disabled: state.busy }, s.identifyButton),
  h("button", { id: "unpair", type: "button", class: "link", onclick: unpair }, s.unpair));
}

function mainScreen(): Array<HTMLElement | null> {
  const s = t().terminal;
  const sit = state.sitting;
  const seat = state.seatView!;
  const item = sit?.agenda.find((i) => i.id === sit.currentItemId) ?? null;
  return [
    h("h1", { class: "sr-only" }, `${s.title}: ${s.seatLabel(seat.seat)}, ${seat.deputyName ?? ""}`),
    h("section", { class: "card status-line", "aria-label": s.statusRegion },
      h("span", { class: seat.registered ? "badge ok" : "badge" }, seat.registered ? s.registered : s.notRegistered),
      sit?.recess ? h("span", { class: "badge warn" }, t().common.recess(sit.recess.reason)) : null,
      seat.speaking ? h("span", { class: "badge ok" }, s.youHaveFloor) : null),
    h("section", { class: "card", "aria-labelledby": "item-h" },
      h("h2", { id: "item-h" }, s.currentItem),
      item ? [h("p", { class: "item-title" }, `${item.number}. ${item.title}`),
        item.projectNumber ? h("p", { class: "muted" }, s.project(item.projectNumber)) : null,
        item.draftText ? h("details", null, h("summary", null, s.draftText), h("p", { class: "draft" }, item.draftText)) : null]
        : h("p", { class: "muted" }, s.noItem)),
    votePanel(sit?.vote ?? null, seat),
    state.error ? h("p", { id: "terminal-error", class: "error card", role: "alert" }, state.error) : null,
    actions(seat, item?.id ?? null),
  ];
}

function votePanel(vote: VoteView | null, seat: SeatView): HTMLElement {
  const s = t().terminal;
  const c = t().common;
  if (!vote || vote.status !== "open") {
    const last = state.sitting?.votes.filter((v) => v.status === "closed").at(-1);
    return h("section", { class: "card", "aria-labelledby": "vote-h" },
      h("h2", { id: "vote-h" }, s.vote),
      h("p", { class: "muted", id: "vote-idle" }, s.noVote),
      last && last.itemId === state.sitting?.currentItemId ? h("p", { id: "last-result" }, s.lastResult(last.motion, last.passed ? c.passed : c.failed)) : null);
  }
  const mine = state.accepted.get(vote.voteId);
  const pending = outbox.pendingFor(vote.voteId, seat.seat);
  const shown = mine?.choice ?? (seat.choice && seat.choice !== "secret" ? seat.choice as Choice : null);
  const blocked = seat.conflict || !seat.registered;
  let status: HTMLElement;
  if (pending) status = h("p", { id: "cast-status", class: "pending" }, state.link === "online" ? s.sending(t().choice[pending.choice]) : s.queued(t().choice[pending.choice]));
  else if (mine) status = h("p", { id: "cast-status", class: "accepted" }, s.castAccepted(t().choice[mine.choice], mine.seq));
  else if (shown) status = h("p", { id: "cast-status", class: "accepted" }, s.castCounted(t().choice[shown]));
  else status = h("p", { id: "cast-status" }, blocked ? "" : s.choosePrompt);
  const until = toMillis(vote.closesAt) ?? Date.now();
  const choiceButton = (choice: Choice) => h("button", {
    id: `cast-${choice}`, type: "button", class: `choice ${choice}`,
    "aria-pressed": !pending && shown === choice ? "true" : "false",
    disabled: blocked, onclick: () => cast(choice),
  }, t().choice[choice]);
  return h("section", { class: "card vote open", "aria-labelledby": "vote-h" },
    h("h2", { id: "vote-h" }, s.voteOpen),
    h("p", { class: "motion", id: "vote-motion" }, vote.motion),
    h("dl", { class: "facts" },
      h("dt", null, s.rule), h("dd", null, currentLang() === "en" ? vote.ruleEn : vote.ruleUk),
      h("dt", null, s.threshold), h("dd", { id: "vote-threshold" }, vote.threshold !== null ? c.thresholdVotes(vote.threshold) : c.thresholdOfCast),
      h("dt", null, s.mode), h("dd", null, vote.mode === "secret" ? c.secret : c.named),
      h("dt", null, s.timeLeft), h("dd", null, h("span", { id: "countdown", class: "countdown", role: "timer", "data-until": until }))),
    seat.conflict ? h("p", { id: "conflict-note", class: "note warn" }, s.conflictBlocks) : null,
    !seat.registered ? h("p", { class: "note warn" }, s.notRegisteredBlocks) : null,
    h("div", { class: "choices", role: "group", "aria-label": s.yourChoice }, choiceButton("yes"), choiceButton("no"), choiceButton("abstain")),
    status);
}

function actions(seat: SeatView, itemId: string | null): HTMLElement {
  const s = t().terminal;
  return h("section", { class: "card actions", "aria-label": s.actions },
    seat.floorQueued
      ? h("button", { id: "floor-withdraw", type: "button", onclick: () => void command("WithdrawFloor", { seat: seat.seat }) }, s.withdrawFloor)
      : h("button", { id: "floor-request", type: "button", onclick: () => void command("RequestFloor", { seat: seat.seat }) }, s.requestFloor),
    !seat.conflict && itemId ? h("button", { id: "conflict-declare", type: "button", onclick: () => openConflictDialog(itemId) }, s.declareConflict) : null,
    h("button", { id: "leave", type: "button", onclick: () => void command("Leave", { seat: seat.seat }) }, s.leave),
    // A remote place is identified by its sign-in: leaving it ends the device's session too.
    remote ? h("button", { id: "remote-sign-out", type: "button", class: "link", onclick: async () => { await command("Leave", { seat: seat.seat }); unpair(); } }, s.unpair) : null);
}

function openConflictDialog(itemId: string): void {
  const s = t().terminal;
  const dialog = h("dialog", { id: "conflict-dialog", "aria-labelledby": "conflict-h" },
    h("form", { method: "dialog", onsubmit: async (e: Event) => {
      const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
      if (submitter?.value !== "confirm") return;
      e.preventDefault();
      const statement = byId<HTMLTextAreaElement>("conflict-statement").value.trim();
      dialog.close();
      dialog.remove();
      const ack = await command("DeclareConflict", { seat: state.seat, itemId, statement: statement || null });
      if (ack?.accepted) announce(s.conflictDeclared);
    } },
    h("h2", { id: "conflict-h" }, s.declareConflict),
    h("p", null, s.conflictExplain),
    h("label", { for: "conflict-statement" }, s.conflictStatement),
    h("textarea", { id: "conflict-statement", rows: 3 }),
    h("div", { class: "row" },
      h("button", { id: "conflict-confirm", type: "submit", value: "confirm", class: "primary" }, s.conflictConfirm),
      h("button", { id: "conflict-cancel", type: "submit", value: "cancel" }, t().common.cancel))));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
}

function unpair(): void {
  forgetKey();
  const l = link;
  link = null;
  state.key = null;
  state.hello = null;
  state.seatView = null;
  void l?.stop();
  renderApp();
}

onLang(() => { shown = null; renderBanner(); renderApp(); });
startClocks();
if ("serviceWorker" in navigator && window.isSecureContext) void navigator.serviceWorker.register("/terminal-sw.js").catch(() => undefined);
if (state.key && linkCa) void pairFromLink(state.key, linkCa);
else if (state.key) connect(state.key);
renderBanner();
renderApp();

/** A link with the hall CA's fingerprint pairs only with the server holding that CA; elsewhere the key is not sent. */
async function pairFromLink(key: string, ca: string): Promise<void> {
  const check = await checkHallCa(ca);
  if (check.ok) {
    state.caVerified = ca;
    connect(key);
  } else {
    state.key = null;
    state.pairError = t().terminal.caMismatch(spaced(ca), check.server ? spaced(check.server) : null);
    shown = null;
  }
  renderApp();
}
