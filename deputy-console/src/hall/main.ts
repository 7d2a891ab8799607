import "../styles/base.css";
import "../styles/hall.css";
import { h, patch, byId, startClocks } from "../shared/dom";
import { openLink, type LinkState } from "../shared/hub";
import { watchArgs } from "../shared/council";
import { t, onLang, currentLang } from "../i18n";
import { toMillis, type SittingView, type TallyUpdate, type VoteView } from "../shared/wire";
import { applyTally, byFaction, resultLabel, resultToShow } from "../shared/rollcall";

// The hall screen (/hall), 1920×1080, read from the back of the hall: big type, few words, no controls.
// ?lang=en shows it in English.

let sitting: SittingView | null = null;
let link: LinkState = "connecting";

const l = openLink({
  path: "/hubs/public",
  onState: (s) => { link = s; render(); },
  onUp: async (c) => { const [method, ...args] = watchArgs(); sitting = await c.invoke<SittingView>(method, ...args); render(); },
});
l.connection.on("Sitting", (s: SittingView) => { sitting = s; render(); });
l.connection.on("Tally", (u: TallyUpdate) => { if (applyTally(sitting, u)) render(); });

function counts(v: VoteView): HTMLElement {
  const c = t().choice;
  const box = (cls: string, label: string, n: number, id: string) =>
    h("div", { class: `count ${cls}` }, h("span", { class: "n", id }, n), h("span", { class: "label" }, label));
  return h("div", { class: "counts" },
    box("yes", c.yes, v.tally.yes, "hall-yes"), box("no", c.no, v.tally.no, "hall-no"),
    box("abstain", c.abstain, v.tally.abstain, "hall-abstain"), box("idle", t().common.notVoting, v.tally.notVoting, "hall-not-voting"));
}

function rule(v: VoteView): string {
  const c = t().common;
  return `${currentLang() === "en" ? v.ruleEn : v.ruleUk} · ${v.threshold !== null ? c.thresholdVotes(v.threshold) : c.thresholdOfCast}`;
}

function liveVote(v: VoteView): HTMLElement {
  const s = t().hall;
  return h("section", { class: "vote live", "aria-labelledby": "hall-vote-h" },
    h("h2", { id: "hall-vote-h", class: "kicker" }, s.voting, v.mode === "secret" ? ` · ${t().common.secret}` : ""),
    h("p", { class: "motion" }, v.motion),
    h("p", { class: "rule" }, rule(v)),
    h("p", { class: "clock" }, h("span", { class: "countdown", role: "timer", "data-until": toMillis(v.closesAt) ?? 0 })),
    counts(v));
}

function result(sit: SittingView, v: VoteView): HTMLElement {
  const s = t().hall;
  const c = t().common;
  return h("section", { class: "vote result", "aria-labelledby": "hall-result" },
    h("div", { class: "result-top" },
      h("div", null,
        h("h2", { id: "hall-result", class: v.passed ? "verdict ok" : "verdict bad" }, v.passed ? c.passedBig : c.failedBig),
        h("p", { class: "rule" }, rule(v))),
      counts(v)),
    v.rollCall ? h("div", { class: "rollcall", "aria-label": s.rollCall }, byFaction(sit, v.rollCall).map((g) =>
      h("div", { class: "faction" }, h("h3", null, g.name),
        h("ul", null, g.lines.map((line) => h("li", { class: `r-${line.result}` },
          h("span", { class: "name" }, line.name), h("span", { class: "res" }, resultLabel(line.result)))))))) : null);
}

function render(): void {
  const s = t().hall;
  const c = t().common;
  document.title = s.title;
  if (!sitting) {
    patch(byId("app"), h("main", { class: "idle" }, h("h1", null, s.title), h("p", null, link === "offline" ? c.offline : c.connecting)));
    return;
  }
  const sit = sitting;
  const item = sit.agenda.find((i) => i.id === sit.currentItemId);
  const shown = resultToShow(sit);
  let body: HTMLElement;
  if (sit.recess) body = h("section", { class: "slate" }, h("h2", null, c.recessBig), h("p", null, sit.recess.reason));
  else if (sit.vote && sit.vote.status === "open") body = liveVote(sit.vote);
  else if (shown) body = result(sit, shown);
  else if (sit.registrationOpen) body = h("section", { class: "item registration" },
    h("h2", { class: "kicker" }, s.registration),
    h("p", { class: "item-title", id: "hall-registered" }, s.registeredOf(sit.registered, sit.composition)),
    h("p", { class: "rule" }, sit.hasQuorum ? s.quorumReached : s.quorumNeeds(sit.quorumNeeded)));
  else if (sit.speaker) body = h("section", { class: "speaker-big", "aria-labelledby": "hall-speaker" },
    h("h2", { class: "kicker" }, s.speaker, " · ", currentLang() === "en" ? sit.speaker.speechType : sit.speaker.speechTypeUk),
    h("p", { id: "hall-speaker", class: "speaker-name" }, sit.speaker.name),
    h("p", { class: "clock" }, h("span", { class: "countdown", role: "timer", "data-until": toMillis(sit.speaker.until) ?? 0 })),
    item ? h("p", { class: "current-item" }, `${item.number}. ${item.title}`) : null);
  else body = h("section", { class: "item" }, h("h2", { class: "kicker" }, s.agendaItem), h("p", { class: "item-title" }, item ? `${item.number}. ${item.title}` : s.noItem));
  patch(byId("app"),
    h("header", { class: "hall-head" },
      h("h1", null, sit.bodyName),
      h("p", null, c.sittingLine(sit.sessionNumber, sit.sittingNumber, sit.date)),
      link === "offline" ? h("p", { class: "offline" }, c.offline) : null),
    h("main", null,
      item && (sit.vote || shown) ? h("p", { class: "current-item" }, `${item.number}. ${item.title}`) : null,
      body),
    h("footer", { class: "hall-foot" },
      sit.speaker && (sit.vote?.status === "open" || shown) ? h("p", { class: "speaker" }, h("span", null, s.speaker, " ", h("strong", null, sit.speaker.name)),
        h("span", { class: "countdown", role: "timer", "data-until": toMillis(sit.speaker.until) ?? 0 })) : null,
      h("p", { class: sit.hasQuorum ? "quorum ok" : "quorum bad" }, c.quorumShort(sit.registered, sit.composition, sit.quorumNeeded, sit.hasQuorum))));
}

onLang(render);
startClocks();
render();
