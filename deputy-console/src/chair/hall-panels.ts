import { h, byId } from "../shared/dom";
import { t, currentLang, refusal } from "../i18n";
import { toMillis, type CommandAck, type SeatView, type StreamHealth } from "../shared/wire";
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
  const hall = seats.filter((x) => !x.remote);
  // A mixed or remote sitting has a remote place per deputy: listed apart, only those a device holds or held.
  const remote = seats.filter((x) => x.remote && (x.online || x.deputyId));
  const anyRemote = seats.some((x) => x.remote);
  return h("div", null,
    h("ul", { id: "seat-map", class: "seat-map" }, hall.map(seatTile)),
    anyRemote ? h("h3", { id: "remote-seats-h" }, t().chair.remoteSeats(remote.length)) : null,
    anyRemote ? h("ul", { id: "remote-seats", class: "seat-map remote", "aria-labelledby": "remote-seats-h" }, remote.map(seatTile)) : null);
}

/** A stream control has no journal entry: the broadcast's next health report shows that it was followed. */
async function streamControl(arg: { action: string; preset?: string }): Promise<void> {
  const c = chair.connection;
  if (!c || chair.link !== "online") return say(t().common.offlineNotSent, false);
  try {
    const ack = await c.invoke<CommandAck>("StreamControl", arg);
    say(ack.accepted ? t().chair.streamSent : refusal(ack), ack.accepted);
  } catch (e) {
    say(`${t().common.refused}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The stream's figures as the secretary reads them: fps to one decimal, speed as ×0.00, kbit/s, LUFS. */
export function formatHealth(x: StreamHealth, kbps: string): { fps: string; bitrate: string; speed: string; loudness: string; dropped: string } {
  const dash = "—";
  const fps = num(x.fps);
  const bitrate = num(x.bitrateKbps);
  const speed = num(x.speed);
  const lufs = (v: unknown) => (num(v) === null ? dash : (num(v) as number).toFixed(1));
  const hasLoudness = [x.loudnessMomentary, x.loudnessShortTerm, x.loudnessIntegrated].some((v) => num(v) !== null);
  return {
    fps: fps === null ? dash : fps.toFixed(1),
    bitrate: bitrate === null ? dash : `${Math.round(bitrate)} ${kbps}`,
    speed: speed === null ? dash : `×${speed.toFixed(2)}`,
    loudness: hasLoudness
      ? `M ${lufs(x.loudnessMomentary)} · S ${lufs(x.loudnessShortTerm)} · I ${lufs(x.loudnessIntegrated)} LUFS` + (num(x.loudnessTarget) === null ? "" : ` (→ ${(x.loudnessTarget as number).toFixed(0)})`)
      : dash,
    dropped: num(x.droppedFrames) === null ? dash : String(x.droppedFrames),
  };
}

export function streamPanel(): HTMLElement {
  const s = t().chair;
  const x = chair.health;
  const known = ["fps", "bitrateKbps", "droppedFrames", "speed", "ingest", "loudnessIntegrated"];
  if (!x || !known.some((k) => x[k] !== undefined && x[k] !== null)) return h("p", { id: "stream-health", class: "muted" }, s.noStream);
  const f = formatHealth(x, s.kbps);
  const field = (id: string, label: string, value: string) => [h("dt", null, label), h("dd", { id: `stream-${id}` }, value)];
  const ingest = String(x.ingest ?? "");
  const en = currentLang() === "en";
  const control = (action: string, preset?: string) => void streamControl(preset === undefined ? { action } : { action, preset });
  const parts: HTMLElement[] = [
    h("dl", { id: "stream-health", class: `facts ${/up|ok|connected|live/i.test(ingest) ? "ok" : ingest ? "bad" : ""}` },
      field("fps", s.fps, f.fps), field("bitrate", s.bitrate, f.bitrate), field("dropped", s.dropped, f.dropped), field("speed", s.speed, f.speed),
      field("ingest", s.ingest, ingest || "—"), field("loudness", s.loudness, f.loudness),
      field("updated", s.updated, new Date(chair.healthAt).toLocaleTimeString())),
  ];
  const controlError = en ? x.controlErrorEn ?? x.controlErrorUk : x.controlErrorUk ?? x.controlErrorEn;
  if (controlError) parts.push(h("p", { id: "stream-control-error", class: "error", role: "alert" }, controlError));
  if (x.youTube) {
    const error = en ? x.youTubeErrorEn ?? x.youTubeErrorUk : x.youTubeErrorUk ?? x.youTubeErrorEn;
    parts.push(h("p", { id: "youtube" }, `${s.youTube}: `, h("strong", { id: "youtube-state" }, s.youTubeState(x.youTube)),
      x.youTubeId ? h("span", null, " · ", h("a", { href: `https://www.youtube.com/watch?v=${encodeURIComponent(x.youTubeId)}`, target: "_blank", rel: "noopener" }, s.youTubeWatch)) : ""));
    if (error) parts.push(h("p", { id: "youtube-error", class: "error", role: "alert" }, error));
  }
  if (x.interpreter) {
    const on = x.interpreter === "on";
    parts.push(h("div", { id: "interpreter", class: "row" },
      h("span", null, `${s.interpreter}: `, h("strong", { id: "interpreter-state" }, on ? s.interpreterShown : s.interpreterHidden)),
      h("button", { id: "interpreter-toggle", type: "button", "aria-pressed": on ? "true" : "false",
        onclick: () => control(on ? "interpreter-off" : "interpreter-on") }, on ? s.interpreterOff : s.interpreterOn)));
    if (x.interpreterSource === "lost") parts.push(h("p", { class: "error" }, s.interpreterLost));
  }
  const cam = x.camera;
  if (cam) {
    const error = en ? cam.errorEn ?? cam.errorUk : cam.errorUk ?? cam.errorEn;
    const name = (p: string) => (p === "overview" ? s.cameraOverview : s.cameraSeat(p));
    parts.push(h("div", { id: "camera" },
      h("p", null, `${s.camera}: `, h("strong", { id: "camera-mode" }, cam.mode === "manual" ? s.cameraManual : s.cameraAuto),
        cam.shot ? ` · ${s.cameraShot}: ${name(cam.shot)}` : ""),
      error ? h("p", { id: "camera-error", class: "error", role: "alert" }, error) : "",
      h("div", { class: "row wrap" }, cam.presets.map((p) =>
        h("button", { id: `camera-preset-${p}`, type: "button", "aria-pressed": cam.mode === "manual" && cam.shot === p ? "true" : "false",
          onclick: () => control("camera-preset", p) }, name(p)))),
      cam.mode === "manual" ? h("button", { id: "camera-auto", type: "button", onclick: () => control("camera-auto") }, s.cameraRelease) : ""));
  }
  return h("div", { id: "stream-state" }, parts);
}

export function filesPanel(): HTMLElement {
  const sit = chair.sitting;
  if (!sit) return h("p", { class: "muted" }, t().common.loading);
  return h("ul", { id: "files", class: "files" }, publishedFiles(sit.sittingId, sit.status === "closed").map((f) => h("li", null, h("a", { href: f.href, target: "_blank", rel: "noopener" }, f.label), f.type ? ` (${f.type})` : "")));
}
