import { t } from "../i18n";

/** A sitting's published files (ARCHITECTURE.md "Contracts": /opendata/{sittingId}/…). */
export function publishedFiles(sittingId: string): Array<{ href: string; label: string; type: string }> {
  const s = t().common.files;
  const base = `/opendata/${encodeURIComponent(sittingId)}`;
  return [
    { href: `${base}/protocol.pdf`, label: s.protocol, type: "PDF" },
    { href: `${base}/ua-835/voteEvents.csv`, label: s.voteEvents, type: "CSV" },
    { href: `${base}/ua-835/vote.csv`, label: s.rollCalls, type: "CSV" },
    { href: `${base}/ua-835-legacy/votings.csv`, label: s.legacy, type: "CSV" },
    { href: `${base}/popolo.json`, label: s.popolo, type: "JSON" },
    { href: `${base}/journal.jsonl`, label: s.journal, type: "JSONL" },
    { href: `${base}/sitting.zip`, label: s.zip, type: "ZIP" },
  ];
}
