// The wire views of hall-server (hall-server/Session.Core/Wire/*.cs): camelCase fields, enums as strings.
// Timestamps arrive as ISO strings (JSON) or MessagePack timestamps (DateTimeOffset → [Date, offsetMinutes]); see toDate.

export type Wire<T> = T;
export type Stamp = string | Date | [Date, number] | number;

export interface TallyView { yes: number; no: number; abstain: number; notVoting: number; absent: number; conflict: number }

export interface RollCallView {
  deputyId: string; name: string; factionId: string | null; result: string; resultUk: string;
  proxy: boolean; proxyReason: string | null; conflictDeclared: boolean;
  /** The counted press came from the deputy's remote place (passkey + PIN). */
  remote?: boolean;
}

export interface VoteView {
  voteId: string; number: number; itemId: string | null; motion: string; kind: string; kindUk: string;
  rule: string; ruleUk: string; ruleEn: string; mode: string; threshold: number | null; composition: number; registered: number;
  openedAt: Stamp; closesAt: Stamp; closedAt: Stamp | null; status: string; revoteOf: string | null; tally: TallyView;
  passed: boolean | null; resultUk: string | null; closedBy: string | null; cancelReason: string | null; rollCall: RollCallView[] | null;
  /** The self-test's vote: decides nothing. */
  test?: boolean;
}

export interface AgendaItemView { id: string; number: number; title: string; draftText: string | null; projectNumber: string | null; urgent: boolean; reason: string | null }
export interface DeputyView { id: string; name: string; factionId: string | null; isHead: boolean; registered: boolean; seat: number | null; remote?: boolean }
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
  /** "hall", "mixed" or "remote". */
  mode?: string;
}

export interface TallyUpdate { sittingId: string; voteId: string; tally: TallyView; journalSeq: number }

export interface SeatView {
  seat: number; label: string; deputyId: string | null; deputyName: string | null; factionId: string | null;
  registered: boolean; online: boolean; conflict: boolean; choice: string | null; proxy: boolean;
  floorQueued: boolean; speaking: boolean; voteOpen: boolean; lamps: number;
  /** A deputy's remote place in a mixed or remote sitting. */
  remote?: boolean;
}

export interface HelloReply { accepted: boolean; reason: string | null; message: string | null; terminalId: string | null; kind: string | null; seats: number[]; sittingId: string | null }

export interface CommandAck { commandId: string | null; accepted: boolean; reason: string | null; message: string | null; messageEn: string | null; journalSeq: number | null; retryAfterSeconds?: number | null }

/** Chair push `PinAlert`: wrong PINs held a deputy's PIN identification or a terminal's PIN entry; never carries a PIN. */
export interface PinAlert {
  id: string; kind: "deputy" | "terminal"; deputyId: string | null; deputyName: string | null; seat: number;
  terminalId: string; terminalLabel: string; failures: number; at: Stamp; heldUntil: Stamp;
  liftedAt?: Stamp | null; liftedBy?: string | null;
}

export interface IssuedTerminal { terminalId: string; key: string; kind: string; seats: number[] }

/** The broadcast's health as the chair hub pushes it (`StreamHealth`); every field optional, the broadcast owns the shape. */
export interface StreamHealth {
  fps?: number; bitrateKbps?: number | null; droppedFrames?: number; duplicatedFrames?: number; speed?: number | null; ingest?: string;
  loudnessMomentary?: number | null; loudnessShortTerm?: number | null; loudnessIntegrated?: number | null; loudnessTarget?: number;
  interpreter?: "on" | "off" | null; interpreterSource?: "live" | "lost" | null;
  camera?: { mode: "auto" | "manual"; shot?: string | null; errorUk?: string | null; errorEn?: string | null; presets: string[] } | null;
  controlErrorUk?: string | null; controlErrorEn?: string | null;
  youTube?: "creating" | "waiting" | "live" | "complete" | "failed" | null; youTubeId?: string | null;
  youTubeErrorUk?: string | null; youTubeErrorEn?: string | null;
  [k: string]: unknown;
}

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
  // The self-test's vote decides nothing and is not listed with the sitting's votes.
  return s.votes.filter((v) => v.status !== "open" && !v.test);
}

/** The chair hub's SelfTest(): the last pre-sitting self-test (docs/operations.md). */
export interface SelfTestSeatView { seat: number; label: string; answered: boolean; deputyId: string | null; deputyName: string | null; pressed: boolean; choice: string | null }
export interface SelfTestView {
  sittingId: string; at: Stamp; testVoteId: string; voteStatus: string; rosterChecksum: string; softwareHash: string;
  seatsAnswering: number[]; seatsSilent: number[]; seatsPressed: number[]; seats: SelfTestSeatView[];
}

/** A caption line (Session.Core/Wire/CaptionContracts.cs): pushed as "Caption" to public viewers; a partial one is replaced by the next. */
export interface CaptionLine { seq: number; text: string; partial: boolean; at: Stamp }
