import { h } from "../shared/dom";
import { t } from "../i18n";

// A closed sitting's recording (issue 14 item 4; docs/publishing.md "The recording"): the player with its chapters,
// a chapter list that seeks, and per vote a link to the second of the recording where it opened. The files come from
// /recordings/{sittingId}/ (the hall or the public relay), only once the hall has accepted the recording.

export interface Chapter { itemId: string | null; title: string; startSeconds: number; endSeconds: number }
export interface RecordedVote { voteId: string; number: number; itemId: string | null; motion: string; offsetSeconds: number | null }
export interface Recording { sittingId: string; sha256: string; durationSeconds: number; chapters: Chapter[]; votes: RecordedVote[] }

const known = new Map<string, Recording | null>();
// One player per sitting, made once: the page re-renders on every push, and a new <video> would stop the citizen's playback.
const players = new Map<string, HTMLVideoElement>();

export function base(sittingId: string): string {
  return `/recordings/${encodeURIComponent(sittingId)}`;
}

/** The accepted recording of a sitting, or null (none yet); asked once per page unless <fresh> (a "none yet" may change). */
export async function loadRecording(sittingId: string, fresh = false): Promise<Recording | null> {
  if (known.has(sittingId) && (!fresh || known.get(sittingId))) return known.get(sittingId) ?? null;
  let rec: Recording | null = null;
  try {
    const r = await fetch(`${base(sittingId)}/recording.json`, { headers: { accept: "application/json" } });
    if (r.ok) rec = (await r.json()) as Recording;
  } catch { rec = null; }
  known.set(sittingId, rec);
  return rec;
}

export function recordingOf(sittingId: string): Recording | null {
  return known.get(sittingId) ?? null;
}

/** 75 → "1:15", 3675 → "1:01:15". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

function player(rec: Recording): HTMLVideoElement {
  const s = t().pub;
  const existing = players.get(rec.sittingId);
  if (existing) {
    // The same element across renders; only its words follow the language switch.
    existing.setAttribute("aria-label", s.recording);
    existing.querySelector("track")?.setAttribute("label", s.chapters);
    return existing;
  }
  const mp4 = `${base(rec.sittingId)}/recording.mp4`;
  const video = h("video", { id: `player-${rec.sittingId}`, class: "player", controls: true, preload: "metadata", playsinline: true, src: mp4, "aria-label": s.recording },
    h("track", { kind: "chapters", src: `${base(rec.sittingId)}/chapters.vtt`, srclang: "uk", label: s.chapters, default: true }),
    h("a", { href: mp4 }, s.download));
  players.set(rec.sittingId, video);
  return video;
}

/** Moves the sitting's player to a second, brings it into view and gives it the keyboard; false when it is not on the page. */
export function seek(sittingId: string, seconds: number): boolean {
  const video = players.get(sittingId);
  if (!video || !video.isConnected) return false;
  video.currentTime = seconds;
  video.scrollIntoView({ block: "center" });
  video.focus();
  return true;
}

/** «Запис з моменту відкриття»: the recording at the vote's opening; clicked, it seeks the player on the page. */
export function voteLink(rec: Recording, voteId: string): HTMLElement | null {
  const v = rec.votes.find((x) => x.voteId === voteId);
  if (!v || v.offsetSeconds === null) return null;
  const offset = v.offsetSeconds;
  return h("a", {
    class: "rec-link", href: `${base(rec.sittingId)}/recording.mp4#t=${offset}`, "data-offset": offset, "aria-label": t().pub.fromOpeningOf(v.number),
    onclick: (e: Event) => { if (seek(rec.sittingId, offset)) e.preventDefault(); },
  }, `▶ ${t().pub.fromOpening} (${clock(offset)})`);
}

/** The player, its chapters and (unless the page lists the votes already) the votes with their links. */
export function recordingSection(rec: Recording, heading: string, withVotes: boolean): HTMLElement {
  const s = t().pub;
  return h("section", { id: "recording", class: "card recording", "aria-labelledby": "recording-h", "data-sitting": rec.sittingId },
    h("h2", { id: "recording-h" }, heading),
    player(rec),
    h("p", { class: "muted" }, s.recordingNote, " ", h("a", { href: `${base(rec.sittingId)}/recording.mp4`, download: "" }, s.download)),
    rec.chapters.length === 0 ? null : [
      h("h3", { id: "chapters-h" }, s.chapters),
      h("ol", { class: "chapters", "aria-labelledby": "chapters-h" }, rec.chapters.map((c, i) => h("li", null,
        h("button", { type: "button", id: `chapter-${i}`, class: "chapter", "data-start": c.startSeconds, onclick: () => seek(rec.sittingId, c.startSeconds) },
          s.chapterAt(clock(c.startSeconds), c.title))))),
    ],
    withVotes && rec.votes.length > 0 ? [
      h("h3", { id: "rec-votes-h" }, s.recordingVotes),
      h("ul", { class: "rec-votes", "aria-labelledby": "rec-votes-h" }, rec.votes.map((v) => h("li", { id: `rec-vote-${v.voteId}` },
        h("span", { class: "no" }, `№ ${v.number}`), " ", v.motion, " ",
        voteLink(rec, v.voteId) ?? h("span", { class: "muted" }, `(${s.notInRecording})`)))),
    ] : null);
}
