import "../styles/base.css";
import "../styles/public.css";
import { h, patch, byId, startClocks } from "../shared/dom";
import { openLink, type LinkState } from "../shared/hub";
import { t, onLang, langSwitch, currentLang } from "../i18n";
import { toMillis, closedVotes, type CaptionLine, type RollCallView, type SittingView, type TallyUpdate, type VoteView } from "../shared/wire";
import { applyTally, byFaction, resultLabel } from "../shared/rollcall";
import { publishedFiles } from "../shared/files";
import { loadUpcoming, upcomingSection, type Upcoming } from "./upcoming";
import { councilFromPath, watchArgs } from "../shared/council";
import { loadRecording, recordingOf, recordingSection, voteLink, type Recording } from "./recording";

// The public page (/ and /{council}/): the council's planned sittings with their agendas, then what is happening now,
// every closed vote with its roll call, the open-data files, and a closed sitting's recording with its chapters.
// Phone first; only what the law publishes (names, factions, roll calls of named votes).

let sitting: SittingView | null = null;
// The hub has answered Watch: a null sitting then means none is open (not that it is still loading).
let watched = false;
let link: LinkState = "connecting";
// The public server is full: say so (and point to the stream) instead of "reconnecting".
let full = false;
const openDetails = new Set<string>();
// Pushes carry only the latest roll call; earlier ones come from /api/votes/{id} once and are kept.
const rollCalls = new Map<string, RollCallView[]>();
let previous: SittingSummary[] = [];
let upcoming: Upcoming = { kind: "none" };
// The recording the citizen chose in the list of previous sittings; by default the shown sitting's, else the latest one.
let chosenRecording: string | null = null;
// Recordings are looked up for the latest closed sittings only: older ones are in the open-data folders.
const recordingLookups = 10;

interface SittingSummary { id: string; number: number; date: string; status: string; isCurrent: boolean }
interface SessionSummary { id: string; number: number; title: string; sittings: SittingSummary[] }

async function loadPrevious(): Promise<void> {
  // Sittings held so far (planned ones are shown above with their agendas; they have no files yet).
  const council = councilFromPath();
  const all: SittingSummary[] = council
    ? await fetch(`/api/councils/${encodeURIComponent(council)}/sittings`).then((r) => (r.ok ? (r.json() as Promise<SittingSummary[]>) : [])).catch(() => [])
    : (await fetch("/api/sessions").then((r) => (r.ok ? (r.json() as Promise<SessionSummary[]>) : [])).catch(() => [])).flatMap((x) => x.sittings);
  previous = all.filter((x) => x.status !== "planned" && x.id !== sitting?.sittingId).sort((a, b) => b.date.localeCompare(a.date));
  render();
  await Promise.all(previous.filter((p) => p.status === "closed").slice(0, recordingLookups).map((p) => loadRecording(p.id)));
  render();
}

/** How often a shown closed sitting is asked for its recording until it is there (the broadcast joins and uploads it after the close). */
const recordingRetryMs = 30_000;
let recordingRetry = 0;

/** The shown sitting closed: its recording follows once the broadcast's upload is accepted, so ask again until it is there. */
async function lookForRecording(s: SittingView | null): Promise<void> {
  window.clearTimeout(recordingRetry);
  if (s?.status !== "closed" || recordingOf(s.sittingId)) return;
  if (await loadRecording(s.sittingId, true)) { render(); return; }
  recordingRetry = window.setTimeout(() => { if (sitting?.sittingId === s.sittingId) void lookForRecording(sitting); }, recordingRetryMs);
}

function rememberRollCalls(s: SittingView): void {
  for (const v of s.votes) if (v.rollCall) rollCalls.set(v.voteId, v.rollCall);
}

async function fetchRollCall(voteId: string): Promise<void> {
  if (rollCalls.has(voteId)) return;
  const vote = await fetch(`/api/votes/${encodeURIComponent(voteId)}`).then((r) => (r.ok ? (r.json() as Promise<VoteView>) : null)).catch(() => null);
  if (vote?.rollCall) { rollCalls.set(voteId, vote.rollCall); render(); }
}

const l = openLink({
  path: "/hubs/public",
  onState: (s) => { link = s; if (s === "online") full = false; render(); },
  onRefused: () => { full = true; render(); },
  onUp: async (c) => {
    // /{council}/ names the council; / is a server with one council.
    const [method, ...args] = watchArgs();
    sitting = await c.invoke<SittingView | null>(method, ...args);
    watched = true;
    // Caption numbers are the hall's, in memory: after a reconnect (perhaps to a restarted hall) they may start again.
    captionSeq = 0;
    if (sitting) rememberRollCalls(sitting);
    render();
    void lookForRecording(sitting);
  },
});
l.connection.on("Sitting", (s: SittingView) => { sitting = s; rememberRollCalls(s); render(); void lookForRecording(s); });
l.connection.on("Tally", (u: TallyUpdate) => { if (applyTally(sitting, u)) render(); });
l.connection.on("Caption", (line: CaptionLine) => captionArrived(line));

// Live captions (the caption console's lines): the last two final lines and the one being typed, in their own region
// so that a caption never re-renders the page. A line older than the one shown (a reordered push) is ignored.
let captionLines: CaptionLine[] = [];
let captionPartial: CaptionLine | null = null;
let captionSeq = 0;

function captionArrived(line: CaptionLine): void {
  if (line.seq <= captionSeq) return;
  captionSeq = line.seq;
  if (line.partial) captionPartial = line.text ? line : null;
  else { captionLines = [...captionLines, line].slice(-2); captionPartial = null; }
  renderCaptions();
}

function renderCaptions(): void {
  const region = byId("live-captions");
  const shown = [...captionLines.map((x) => h("p", { class: "caption-final" }, x.text)), captionPartial ? h("p", { class: "caption-partial" }, captionPartial.text) : null];
  region.hidden = captionLines.length === 0 && !captionPartial;
  patch(region, h("h2", { class: "caption-h" }, t().pub.captions), shown);
}

function tallyLine(v: VoteView): string {
  const c = t().choice;
  const x = t().common;
  return `${c.yes} ${v.tally.yes} · ${c.no} ${v.tally.no} · ${c.abstain} ${v.tally.abstain} · ${x.notVoting} ${v.tally.notVoting} · ${x.absent} ${v.tally.absent}`;
}

function now(sit: SittingView): HTMLElement {
  const s = t().pub;
  const c = t().common;
  const item = sit.agenda.find((i) => i.id === sit.currentItemId);
  const v = sit.vote && sit.vote.status === "open" ? sit.vote : null;
  return h("section", { class: "card now", "aria-labelledby": "now-h" },
    h("h2", { id: "now-h" }, s.now),
    h("p", { id: "sitting-status" }, sit.status === "closed" ? s.sittingClosed : sit.recess ? c.recess(sit.recess.reason) : s.sittingOpen),
    h("p", null, c.quorumShort(sit.registered, sit.composition, sit.quorumNeeded, sit.hasQuorum)),
    item ? h("p", null, h("strong", null, s.item), " ", `${item.number}. ${item.title}`) : null,
    sit.speaker ? h("p", null, h("strong", null, s.speaker), " ", `${sit.speaker.name} — `, h("span", { class: "countdown", role: "timer", "data-until": toMillis(sit.speaker.until) ?? 0 })) : null,
    v ? h("div", { id: "live-vote", class: "live-vote" },
      h("p", null, h("strong", null, s.votingNow), " ", v.motion),
      h("p", null, s.timeLeft, " ", h("span", { class: "countdown", role: "timer", "data-until": toMillis(v.closesAt) ?? 0 })),
      h("p", { id: "live-tally" }, tallyLine(v))) : null);
}

function voteEntry(sit: SittingView, v: VoteView, rec: Recording | null): HTMLElement {
  const s = t().pub;
  const c = t().common;
  const verdict = v.status === "cancelled" ? s.cancelled : v.passed ? c.passed : c.failed;
  const details = h("details", { id: `vote-${v.voteId}`, class: `vote-entry ${v.status === "cancelled" ? "cancelled" : v.passed ? "passed" : "failed"}`, open: openDetails.has(v.voteId),
    ontoggle: () => { if (details.open) { openDetails.add(v.voteId); void fetchRollCall(v.voteId); } else openDetails.delete(v.voteId); } },
    h("summary", null, h("span", { class: "no" }, `№ ${v.number}`), " ", h("span", { class: "motion" }, v.motion), " — ", h("strong", { class: "verdict" }, verdict)),
    h("p", null, `${currentLang() === "en" ? v.ruleEn : v.ruleUk}; ${v.threshold !== null ? c.thresholdVotes(v.threshold) : c.thresholdOfCast}`),
    v.status === "cancelled" ? h("p", null, s.cancelReason(v.cancelReason ?? "")) : h("p", { class: "tally-line" }, tallyLine(v)),
    rec ? h("p", null, voteLink(rec, v.voteId)) : null,
    v.mode === "secret" ? h("p", { class: "muted" }, s.secretNote) : null,
    v.mode === "named" && v.status === "closed" && !rollCalls.has(v.voteId) ? h("p", { class: "muted" }, c.loading) : null,
    rollCalls.has(v.voteId) ? byFaction(sit, rollCalls.get(v.voteId)!).map((g) => h("table", { class: "rollcall" },
      h("caption", null, g.name),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, s.deputy), h("th", { scope: "col" }, s.result))),
      h("tbody", null, g.lines.map((line) => h("tr", { class: `r-${line.result}` },
        h("td", null, line.name, line.proxy ? ` (${s.proxy})` : "", line.remote ? ` (${s.remote})` : ""), h("td", null, resultLabel(line.result))))))) : null);
  return details;
}

function render(): void {
  const s = t().pub;
  const c = t().common;
  document.title = sitting ? `${sitting.bodyName} — ${s.title}` : s.title;
  patch(byId("top"), h("span", { class: "title" }, s.title), langSwitch());
  const banner = byId("link-banner");
  banner.className = `link-banner ${link}`;
  banner.textContent = link === "offline" ? (full ? s.tooManyViewers : c.offline) : "";
  if (!sitting) {
    patch(byId("app"), h("h1", null, s.title), upcomingSection(upcoming),
      h("p", { id: "no-sitting", class: "muted" }, watched ? s.noSittingNow : c.loading),
      shownRecording(null), previousSection());
    return;
  }
  const sit = sitting;
  const votes = closedVotes(sit).slice().reverse();
  const ownRecording = sit.status === "closed" ? recordingOf(sit.sittingId) : null;
  patch(byId("app"),
    h("h1", null, sit.bodyName),
    h("p", { class: "sub" }, c.sittingLine(sit.sessionNumber, sit.sittingNumber, sit.date), sit.place ? ` · ${sit.place}` : ""),
    upcomingSection(upcoming),
    now(sit),
    shownRecording(sit),
    h("section", { class: "card", "aria-labelledby": "votes-h" },
      h("h2", { id: "votes-h" }, s.votes(votes.length)),
      votes.length === 0 ? h("p", { class: "muted" }, s.noVotes) : h("div", { id: "votes" }, votes.map((v) => voteEntry(sit, v, ownRecording)))),
    h("section", { class: "card", "aria-labelledby": "files-h" },
      h("h2", { id: "files-h" }, s.files),
      h("p", { class: "muted" }, s.filesNote),
      h("ul", { class: "files" }, publishedFiles(sit.sittingId, sit.status === "closed").map((f) => h("li", null, h("a", { href: f.href }, f.label), f.type ? ` (${f.type})` : "")))),
    previousSection());
}

/**
 * The recording shown: the one chosen in the list of previous sittings, else the shown sitting's once it is closed,
 * else the latest previous sitting's. The shown sitting's votes carry their links in its own list.
 */
function shownRecording(sit: SittingView | null): HTMLElement | null {
  const s = t().pub;
  const own = sit && sit.status === "closed" ? recordingOf(sit.sittingId) : null;
  const id = chosenRecording ?? (own ? sit!.sittingId : previous.find((p) => recordingOf(p.id))?.id);
  const rec = id ? recordingOf(id) : null;
  if (!rec) return null;
  const p = previous.find((x) => x.id === rec.sittingId);
  return recordingSection(rec, p ? s.recordingOf(p.number, p.date) : s.recording, rec !== own);
}

function previousSection(): HTMLElement | null {
  const s = t().pub;
  if (previous.length === 0) return null;
  return h("section", { class: "card", "aria-labelledby": "previous-h" },
    h("h2", { id: "previous-h" }, s.previous),
    h("ul", { class: "previous" }, previous.map((p) => h("li", null,
      h("p", null, h("strong", null, s.previousSitting(p.number, p.date))),
      h("p", { class: "files-inline" }, publishedFiles(p.id, p.status === "closed").filter((f) => f.type !== "JSONL").map((f) => [h("a", { href: f.href }, f.type ? `${f.label} (${f.type})` : f.label), " "]),
        recordingOf(p.id) ? h("button", { type: "button", id: `watch-${p.id}`, class: "link-button", onclick: () => watch(p.id) }, s.watchRecording) : null)))));
}

function watch(sittingId: string): void {
  chosenRecording = sittingId;
  render();
  document.getElementById("recording")?.scrollIntoView({ block: "start" });
  document.getElementById(`player-${sittingId}`)?.focus();
}

onLang(() => { render(); renderCaptions(); });
startClocks();
render();
void loadPrevious();
void loadUpcoming().then((u) => { upcoming = u; render(); });
