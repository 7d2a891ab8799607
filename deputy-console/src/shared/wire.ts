// The wire views of hall-server (hall-server/Session.Core/Wire/*.cs): camelCase fields, enums as strings.
// Timestamps arrive as ISO strings (JSON) or MessagePack timestamps (DateTimeOffset → [Date, offsetMinutes]); see toDate.

export type Wire<T> = T;
export type Stamp = string | Date | [Date, number] | number;

export interface TallyView { yes: number; no: number; abstain: number; notVoting: number; absent: number; conflict: number }

export interface RollCallView {
  deputyId: string; name: string; factionId: string | null; result: string; resultUk: string;
  proxy: boolean; proxyReason: string | null; conflictDeclared: boolean;
}

export interface VoteView {
  voteId: string; number: number; itemId: string | null; motion: string; kind: string; kindUk: string;
  rule: string; ruleUk: string; ruleEn: string; mode: string; threshold: number | null; composition: number; registered: number;
  openedAt: Stamp; closesAt: Stamp; closedAt: Stamp | null; status: string; revoteOf: string | null; tally: TallyView;
  passed: boolean | null; resultUk: string | null; closedBy: string | null; cancelReason: string | null; rollCall: RollCallView[] | null;
}

export interface AgendaItemView { id: string; number: number; title: string; draftText: string | null; projectNumber: string | null; urgent: boolean; reason: string | null }
export interface DeputyView { id: string; name: string; factionId: string | null; isHead: boolean; registered: boolean; seat: number | null }
export interface FactionView { id: string; name: string }
export interface SpeakerView { deputyId: string; name: string; speechType: string; speechTypeUk: string; seconds: number; until: Stamp }
export interface FloorRequestView { deputyId: string; name: string; seat: number; at: Stamp }
export interface ConflictView { deputyId: string; name: string; itemId: string | null; statement: string; mayVote: boolean }
export interface RecessView { kind: string; reason: string; since: Stamp }

export interface SittingView {
  sittingId: string; bodyName: string; convocation: number; sessionNumber: number; sessionTitle: string; sittingNumber: number;
  date: string; place: string; status: string; recess: RecessView | null; registrationOpen: boolean; registered: number;
  composition: number; quorumNeeded: number; hasQuorum: boolean; headPresent: boolean; agenda: AgendaItemView[];
  currentItemId: string | null; vote: VoteView | null; votes: VoteView[]; speaker: SpeakerView | null;
  floorQueue: FloorRequestView[]; conflicts: ConflictView[]; factions: FactionView[]; deputies: DeputyView[];
  journalSeq: number; journalHash: string;
}

export interface TallyUpdate { sittingId: string; voteId: string; tally: TallyView; journalSeq: number }

export interface SeatView {
  seat: number; label: string; deputyId: string | null; deputyName: string | null; factionId: string | null;
  registered: boolean; online: boolean; conflict: boolean; choice: string | null; proxy: boolean;
  floorQueued: boolean; speaking: boolean; voteOpen: boolean; lamps: number;
}

export interface HelloReply { accepted: boolean; reason: string | null; message: string | null; terminalId: string | null; kind: string | null; seats: number[]; sittingId: string | null }

export interface CommandAck { commandId: string | null; accepted: boolean; reason: string | null; message: string | null; messageEn: string | null; journalSeq: number | null }

export interface IssuedTerminal { terminalId: string; key: string; kind: string; seats: number[] }

/** The broadcast's health as the chair hub pushes it (`StreamHealth`); every field optional, the broadcast owns the shape. */
export interface StreamHealth { fps?: number; bitrate?: number | string; dropped?: number; speed?: number | string; ingest?: string; loudness?: number | string; [k: string]: unknown }

export type Choice = "yes" | "no" | "abstain";

/** A timestamp from either hub protocol as epoch milliseconds. */
export function toMillis(s: Stamp | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  if (s instanceof Date) return s.getTime();
  if (Array.isArray(s)) return s[0] instanceof Date ? s[0].getTime() : new Date(s[0] as unknown as string).getTime();
  if (typeof s === "number") return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** A fresh command id; terminals keep it with a queued command so a re-send is recognised as the same command. */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** The closed votes of a sitting, newest last (cancelled ones are kept: nothing is deleted). */
export function closedVotes(s: SittingView): VoteView[] {
  return s.votes.filter((v) => v.status !== "open");
}
