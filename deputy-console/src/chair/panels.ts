import { h, byId } from "../shared/dom";
import { t, currentLang } from "../i18n";
import { toMillis, type VoteView } from "../shared/wire";
import { chair, command, say } from "./store";
import { previewThreshold, ruleCodes, voteKinds, type RuleCode } from "./rules";

// Registration, the agenda and the vote: the panels the secretary uses every few minutes.

export function registrationPanel(): HTMLElement[] {
  const s = t().chair;
  const sit = chair.sitting;
  if (!sit) return [h("p", { class: "muted" }, t().common.loading)];
  return [
    h("p", { id: "quorum", class: sit.hasQuorum ? "quorum ok" : "quorum bad" },
      s.quorumLine(sit.registered, sit.composition, sit.quorumNeeded), " — ",
      h("strong", null, sit.hasQuorum ? s.hasQuorum : s.noQuorum)),
    h("p", null, sit.registrationOpen ? s.registrationIsOpen : s.registrationIsClosed),
    h("div", { class: "row" },
      h("button", { id: "reg-open", type: "button", class: "primary", disabled: sit.registrationOpen, onclick: () => void command("OpenRegistration") }, s.openRegistration),
      h("button", { id: "reg-close", type: "button", disabled: !sit.registrationOpen, onclick: () => void command("CloseRegistration") }, s.closeRegistration)),
  ];
}

export function agendaPanel(): HTMLElement {
  const s = t().chair;
  const sit = chair.sitting;
  if (!sit) return h("p", { class: "muted" }, t().common.loading);
  const order = sit.agenda.map((i) => i.id);
  const move = (index: number, delta: number) => {
    const next = [...order];
    const [id] = next.splice(index, 1);
    next.splice(index + delta, 0, id);
    void command("ReorderAgenda", { order: next });
  };
  return h("ol", { id: "agenda-list", class: "agenda" }, sit.agenda.map((item, index) =>
    h("li", { class: item.id === sit.currentItemId ? "current" : "", "aria-current": item.id === sit.currentItemId ? "step" : null },
      h("span", { class: "item-title" }, item.title),
      item.urgent ? h("span", { class: "badge warn", title: item.reason ?? "" }, s.urgent) : null,
      item.id === sit.currentItemId ? h("span", { class: "badge ok" }, s.underWay) : null,
      h("span", { class: "row" },
        h("button", { id: `start-item-${item.id}`, type: "button", disabled: item.id === sit.currentItemId,
          "aria-label": s.startItemNamed(item.title), onclick: () => void command("StartAgendaItem", { itemId: item.id }) }, s.startItem),
        h("button", { id: `up-${item.id}`, type: "button", disabled: index === 0, "aria-label": s.moveUp(item.title), onclick: () => move(index, -1) }, "↑"),
        h("button", { id: `down-${item.id}`, type: "button", disabled: index === order.length - 1, "aria-label": s.moveDown(item.title), onclick: () => move(index, 1) }, "↓")))));
}

export function addItemForm(): HTMLElement {
  const s = t().chair;
  return h("details", { class: "subform" }, h("summary", null, s.addItem),
    h("form", { novalidate: true, id: "add-item-form", onsubmit: async (e: Event) => {
      e.preventDefault();
      const title = byId<HTMLInputElement>("item-title").value.trim();
      const urgent = byId<HTMLInputElement>("item-urgent").checked;
      const reason = byId<HTMLInputElement>("item-reason").value.trim();
      if (!title) return say(s.titleRequired, false);
      if (urgent && !reason) return say(s.reasonRequired, false);
      const ack = await command("AddAgendaItem", {
        title, draftText: byId<HTMLTextAreaElement>("item-draft").value.trim() || null,
        projectNumber: byId<HTMLInputElement>("item-project").value.trim() || null, urgent, reason: reason || null,
      });
      if (ack?.accepted) (e.target as HTMLFormElement).reset();
    } },
    h("label", { for: "item-title" }, s.itemTitle), h("input", { id: "item-title", required: true }),
    h("label", { for: "item-project" }, s.projectNumber), h("input", { id: "item-project" }),
    h("label", { for: "item-draft" }, s.draftText), h("textarea", { id: "item-draft", rows: 3 }),
    h("label", { class: "check" }, h("input", { id: "item-urgent", type: "checkbox" }), s.urgentItem),
    h("label", { for: "item-reason" }, s.urgentReason), h("input", { id: "item-reason" }),
    h("button", { id: "item-add", type: "submit" }, s.addItemButton)));
}

function tallyList(v: VoteView): HTMLElement {
  const c = t().choice;
  const x = t().common;
  return h("dl", { class: "tally", id: "chair-tally" },
    h("dt", null, c.yes), h("dd", { id: "tally-yes" }, v.tally.yes),
    h("dt", null, c.no), h("dd", { id: "tally-no" }, v.tally.no),
    h("dt", null, c.abstain), h("dd", { id: "tally-abstain" }, v.tally.abstain),
    h("dt", null, x.notVoting), h("dd", { id: "tally-not-voting" }, v.tally.notVoting),
    h("dt", null, x.absent), h("dd", null, v.tally.absent),
    v.tally.conflict ? [h("dt", null, x.conflict), h("dd", null, v.tally.conflict)] : null);
}

export function votePanel(): HTMLElement[] {
  const s = t().chair;
  const c = t().common;
  const sit = chair.sitting;
  if (!sit) return [];
  const open = sit.vote && sit.vote.status === "open" ? sit.vote : null;
  if (open) {
    return [h("div", { id: "vote-status", class: "vote-live" },
      h("p", null, h("strong", null, s.voteUnderWay), " ", open.motion),
      h("p", null, currentLang() === "en" ? open.ruleEn : open.ruleUk, " · ",
        open.threshold !== null ? c.thresholdVotes(open.threshold) : c.thresholdOfCast, " · ",
        s.timeLeft, " ", h("span", { class: "countdown", role: "timer", "data-until": toMillis(open.closesAt) ?? 0 })),
      tallyList(open),
      h("div", { class: "row" }, h("button", { id: "vote-close", type: "button", class: "primary", onclick: () => void command("CloseVote", { voteId: open.voteId }) }, s.closeVote)))];
  }
  const last = sit.votes.at(-1);
  if (!last) return [h("p", { id: "vote-status", class: "muted" }, s.noVotesYet)];
  return [h("div", { id: "vote-status" },
    h("p", null, s.lastVote(last.number), " ", last.motion),
    last.status === "cancelled"
      ? h("p", { class: "result bad" }, s.cancelled(last.cancelReason ?? ""))
      : h("p", { id: "vote-result", class: last.passed ? "result ok" : "result bad" }, last.passed ? c.passed : c.failed,
        " (", last.threshold !== null ? c.thresholdVotes(last.threshold) : c.thresholdOfCast, ")"),
    tallyList(last),
    h("button", { id: "vote-revote", type: "button", onclick: () => void command("OpenVote", {
      motion: last.motion, kind: last.kind, rule: last.rule, mode: last.mode, durationSeconds: durationValue(), itemId: last.itemId, revoteOf: last.voteId,
    }) }, s.revote))];
}

function durationValue(): number {
  const n = Number(byId<HTMLInputElement>("vote-duration").value);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 60;
}

let motionItemId: string | null | undefined;

export function openVoteForm(): HTMLElement {
  const s = t().chair;
  motionItemId = undefined; // a rebuilt form gets the current item's motion again
  return h("details", { class: "subform", open: true }, h("summary", null, s.openVoteTitle),
    h("form", { novalidate: true, id: "open-vote-form", onsubmit: (e: Event) => {
      e.preventDefault();
      const motion = byId<HTMLTextAreaElement>("vote-motion").value.trim();
      if (!motion) return say(s.motionRequired, false);
      const duration = Number(byId<HTMLInputElement>("vote-duration").value);
      if (!Number.isInteger(duration) || duration < 5 || duration > 3600) return say(s.durationRange, false);
      void command("OpenVote", {
        motion, kind: byId<HTMLSelectElement>("vote-kind").value, rule: byId<HTMLSelectElement>("vote-rule").value,
        mode: byId<HTMLSelectElement>("vote-mode").value, durationSeconds: duration, itemId: chair.sitting?.currentItemId ?? null,
      });
    }, onchange: () => refreshForms() },
    h("label", { for: "vote-motion" }, s.motion), h("textarea", { id: "vote-motion", rows: 2, required: true }),
    h("div", { class: "fields" },
      h("span", null, h("label", { for: "vote-kind" }, s.kind),
        h("select", { id: "vote-kind" }, voteKinds.map((k) => h("option", { value: k, selected: k === "as-a-whole" }, s.kinds[k])))),
      h("span", null, h("label", { for: "vote-rule" }, s.rule),
        h("select", { id: "vote-rule" }, ruleCodes.map((r) => h("option", { value: r }, s.rules[r])))),
      h("span", null, h("label", { for: "vote-mode" }, s.mode),
        h("select", { id: "vote-mode" }, h("option", { value: "named" }, t().common.named), h("option", { value: "secret" }, t().common.secret))),
      h("span", null, h("label", { for: "vote-duration" }, s.duration),
        h("input", { id: "vote-duration", type: "number", min: 5, max: 3600, value: 60, required: true }))),
    h("p", { id: "threshold-preview", "aria-live": "polite" }),
    h("button", { id: "vote-open", type: "submit", class: "primary" }, s.openVote)));
}

export function cancelForm(): HTMLElement {
  const s = t().chair;
  return h("details", { class: "subform" }, h("summary", null, s.cancelTitle),
    h("form", { novalidate: true, id: "cancel-form", onsubmit: (e: Event) => {
      e.preventDefault();
      const vote = chair.sitting?.vote ?? chair.sitting?.votes.at(-1);
      const reason = byId<HTMLInputElement>("cancel-reason").value.trim();
      if (!vote) return say(s.noVotesYet, false);
      if (!reason) return say(s.reasonRequired, false);
      void command("CancelVote", { voteId: vote.voteId, reason });
    } },
    h("label", { for: "cancel-reason" }, s.cancelReason), h("input", { id: "cancel-reason", required: true }),
    h("button", { id: "vote-cancel", type: "submit" }, s.cancelVote)));
}

export function proxyForm(): HTMLElement {
  const s = t().chair;
  return h("details", { class: "subform" }, h("summary", null, s.proxyTitle),
    h("form", { novalidate: true, id: "proxy-form", onsubmit: (e: Event) => {
      e.preventDefault();
      const vote = chair.sitting?.vote;
      const reason = byId<HTMLInputElement>("proxy-reason").value.trim();
      if (!vote) return say(t().common.noVoteOpen, false);
      if (!reason) return say(s.reasonRequired, false);
      void command("EnterProxyVote", { voteId: vote.voteId, deputyId: byId<HTMLSelectElement>("proxy-deputy").value, choice: byId<HTMLSelectElement>("proxy-choice").value, reason });
    } },
    h("p", { class: "muted" }, s.proxyExplain),
    h("label", { for: "proxy-deputy" }, s.deputy), h("select", { id: "proxy-deputy" }),
    h("label", { for: "proxy-choice" }, s.choice),
    h("select", { id: "proxy-choice" }, (["yes", "no", "abstain"] as const).map((c) => h("option", { value: c }, t().choice[c]))),
    h("label", { for: "proxy-reason" }, s.proxyReason), h("input", { id: "proxy-reason", required: true }),
    h("button", { id: "proxy-submit", type: "submit" }, s.proxyButton)));
}

/** Keeps the static forms in step with the sitting without touching what the secretary is typing. */
export function refreshForms(): void {
  const sit = chair.sitting;
  if (!sit) return;
  const s = t().chair;
  const rule = (document.getElementById("vote-rule") as HTMLSelectElement | null)?.value as RuleCode | undefined;
  const preview = document.getElementById("threshold-preview");
  if (rule && preview) {
    const n = previewThreshold(rule, sit.composition, sit.registered);
    const text = n === null ? s.previewOfCast : s.preview(n, rule.includes("registered") ? sit.registered : sit.composition);
    if (preview.textContent !== text) preview.textContent = text;
  }
  const motion = document.getElementById("vote-motion") as HTMLTextAreaElement | null;
  if (motion && motionItemId !== sit.currentItemId) {
    motionItemId = sit.currentItemId;
    const item = sit.agenda.find((i) => i.id === sit.currentItemId);
    // The motion is the official record: Ukrainian whatever the console's language (law 3590-IX).
    if (item && document.activeElement !== motion) motion.value = `${item.title} — в цілому`;
  }
  const deputy = document.getElementById("proxy-deputy") as HTMLSelectElement | null;
  if (deputy && deputy.options.length !== sit.deputies.length) {
    deputy.replaceChildren(...sit.deputies.map((d) => h("option", { value: d.id }, d.seat ? `${d.seat}. ${d.name}` : d.name)));
  }
}
