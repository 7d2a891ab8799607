import { h, byId } from "../shared/dom";
import { t } from "../i18n";
import { toMillis, type SeatView } from "../shared/wire";
import { chair, command, say } from "./store";
import { speechTypes } from "./rules";
import { publishedFiles } from "../shared/files";

// The sitting, the floor, recess, the seat map, the stream's health and the published files.

export function sittingPanel(): HTMLElement[] {
  const s = t().chair;
  const sit = chair.sitting;
  if (!sit) return [h("p", { class: "muted" }, t().common.loading)];
  return [
    h("p", null, h("strong", null, sit.bodyName)),
    h("p", null, t().common.sittingLine(sit.sessionNumber, sit.sittingNumber, sit.date)),
    h("p", { class: "muted" }, s.journal(sit.journalSeq), " ", h("code", { class: "hash", title: sit.journalHash }, sit.journalHash.slice(0, 16), "…")),
    h("button", { id: "close-sitting", type: "button", disabled: sit.status === "closed", onclick: () => {
      if (window.confirm(s.closeSittingConfirm)) void command("CloseSitting");
    } }, s.closeSitting),
  ];
}

export function speakersPanel(): HTMLElement[] {
  const s = t().chair;
  const sit = chair.sitting;
  if (!sit) return [];
  const grant = (deputyId: string) => {
    const seconds = Number(byId<HTMLInputElement>("speech-seconds").value);
    void command("GrantFloor", { deputyId, speechType: byId<HTMLSelectElement>("speech-type").value, seconds: seconds > 0 ? seconds : null });
  };
  const type = document.getElementById("speech-type") as HTMLSelectElement | null;
  const seconds = document.getElementById("speech-seconds") as HTMLInputElement | null;
  return [
    sit.speaker
      ? h("div", { id: "speaker", class: "speaker" },
        h("p", null, h("strong", null, sit.speaker.name), ` — ${sit.speaker.speechTypeUk}`),
        h("p", null, s.remaining, " ", h("span", { class: "countdown", role: "timer", "data-until": toMillis(sit.speaker.until) ?? 0 })),
        h("button", { id: "floor-end", type: "button", onclick: () => void command("EndFloor") }, s.endFloor))
      : h("p", { class: "muted" }, s.nobodySpeaking),
    h("div", { class: "fields" },
      h("span", null, h("label", { for: "speech-type" }, s.speechType),
        h("select", { id: "speech-type" }, speechTypes.map((x) => h("option", { value: x, selected: (type?.value ?? "debate") === x }, s.speechTypes[x])))),
      h("span", null, h("label", { for: "speech-seconds" }, s.speechSeconds),
        h("input", { id: "speech-seconds", type: "number", min: 10, max: 3600, placeholder: s.byType, value: seconds?.value || null }))),
    sit.floorQueue.length === 0
      ? h("p", { class: "muted" }, s.queueEmpty)
      : h("ol", { id: "floor-queue", class: "queue" }, sit.floorQueue.map((q) =>
        h("li", null, `${q.seat}. ${q.name} `,
          h("button", { id: `grant-${q.deputyId}`, type: "button", "aria-label": s.grantNamed(q.name), onclick: () => grant(q.deputyId) }, s.grant)))),
  ];
}

export function recessPanel(): HTMLElement[] {
  const s = t().chair;
  const sit = chair.sitting;
  if (!sit) return [];
  if (sit.recess) {
    return [
      h("p", { id: "recess-state", class: "result bad" }, t().common.recess(sit.recess.reason)),
      h("button", { id: "resume", type: "button", class: "primary", onclick: () => void command("Resume") }, s.resume),
    ];
  }
  return [
    h("button", { id: "recess-airraid", type: "button", class: "danger big", onclick: () => void command("StartRecess", { kind: "air-raid", reason: s.airRaidReason }) }, s.airRaid),
    h("div", { class: "row" },
      h("label", { for: "recess-reason", class: "sr-only" }, s.recessReason),
      h("input", { id: "recess-reason", placeholder: s.recessReason }),
      h("button", { id: "recess-other", type: "button", onclick: () => {
        const reason = byId<HTMLInputElement>("recess-reason").value.trim();
        if (!reason) return say(s.reasonRequired, false);
        void command("StartRecess", { kind: "technical", reason });
      } }, s.recessButton)),
  ];
}

function seatTile(seat: SeatView): HTMLElement {
  const s = t().chair;
  const states: string[] = [seat.online ? s.online : s.offline];
  if (seat.deputyId) states.push(s.identified);
  if (seat.registered) states.push(s.registered);
  if (seat.conflict) states.push(s.conflict);
  if (seat.floorQueued) states.push(s.wantsFloor);
  if (seat.choice) states.push(seat.choice === "secret" ? s.votedSecret : t().choice[seat.choice as "yes" | "no" | "abstain"] ?? seat.choice);
  const cls = ["seat", seat.online ? "online" : "offline", seat.registered ? "registered" : "", seat.choice ? `choice-${seat.choice}` : "", seat.conflict ? "conflict" : ""];
  return h("li", { id: `seat-${seat.seat}`, class: cls.join(" ") },
    h("span", { class: "seat-no" }, seat.label),
    h("span", { class: "seat-name" }, seat.deputyName ?? "—"),
    h("span", { class: "seat-state" }, states.join(" · ")));
}

export function seatMapPanel(): HTMLElement {
  const seats = [...chair.seats].sort((a, b) => a.seat - b.seat);
  if (seats.length === 0) return h("p", { class: "muted" }, t().common.loading);
  return h("ul", { id: "seat-map", class: "seat-map" }, seats.map(seatTile));
}

export function streamPanel(): HTMLElement {
  const s = t().chair;
  const x = chair.health;
  const known = ["fps", "bitrate", "dropped", "speed", "ingest", "loudness"];
  if (!x || !known.some((k) => x[k] !== undefined && x[k] !== null)) return h("p", { id: "stream-health", class: "muted" }, s.noStream);
  const field = (label: string, value: unknown) => [h("dt", null, label), h("dd", null, value === undefined || value === null ? "—" : String(value))];
  const ingest = String(x.ingest ?? "");
  return h("dl", { id: "stream-health", class: `facts ${/up|ok|connected|live/i.test(ingest) ? "ok" : ingest ? "bad" : ""}` },
    field(s.fps, x.fps), field(s.bitrate, x.bitrate), field(s.dropped, x.dropped), field(s.speed, x.speed),
    field(s.ingest, x.ingest), field(s.loudness, x.loudness),
    field(s.updated, new Date(chair.healthAt).toLocaleTimeString()));
}

export function filesPanel(): HTMLElement {
  const sit = chair.sitting;
  if (!sit) return h("p", { class: "muted" }, t().common.loading);
  return h("ul", { id: "files", class: "files" }, publishedFiles(sit.sittingId, sit.status === "closed").map((f) => h("li", null, h("a", { href: f.href, target: "_blank", rel: "noopener" }, f.label), f.type ? ` (${f.type})` : "")));
}
