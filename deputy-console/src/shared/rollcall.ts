import { t } from "../i18n";
import type { RollCallView, SittingView, TallyUpdate, VoteView } from "./wire";

/** A roll-call result code in the reader's language («За», «Проти», … or Yes, No, …). */
export function resultLabel(code: string): string {
  const r = t().results;
  switch (code) {
    case "yes": return r.yes;
    case "no": return r.no;
    case "abstain": return r.abstain;
    case "not-voting": return r.notVoting;
    case "absent": return r.absent;
    case "conflict": return r.conflict;
    default: return code;
  }
}

/** The roll call grouped by faction, factions in the order the council lists them, the unaffiliated last. */
export function byFaction(sitting: SittingView, rollCall: RollCallView[]): Array<{ name: string; lines: RollCallView[] }> {
  const groups = sitting.factions.map((f) => ({ id: f.id as string | null, name: f.name, lines: [] as RollCallView[] }));
  const other = { id: null as string | null, name: t().common.noFaction, lines: [] as RollCallView[] };
  for (const line of rollCall) (groups.find((g) => g.id === line.factionId) ?? other).lines.push(line);
  return [...groups, other].filter((g) => g.lines.length > 0).map(({ name, lines }) => ({ name, lines }));
}

/** Applies a live Tally push to the sitting it belongs to; false when it is about another vote. */
export function applyTally(sitting: SittingView | null, update: TallyUpdate): boolean {
  const vote = sitting?.vote;
  if (!sitting || !vote || vote.voteId !== update.voteId || sitting.sittingId !== update.sittingId) return false;
  vote.tally = update.tally;
  return true;
}

/** The result to show once a vote closes: the last closed vote, while its agenda item is still current. */
export function resultToShow(sitting: SittingView): VoteView | null {
  if (sitting.vote && sitting.vote.status === "open") return null;
  const last = sitting.votes.at(-1);
  if (!last || last.status !== "closed") return null;
  return last.itemId === sitting.currentItemId ? last : null;
}
