import { t } from "../i18n";

/**
 * A sitting's published files (ARCHITECTURE.md "Contracts": /opendata/{sittingId}/…). The roll calls and the journal
 * are there from the first vote on; the signed protocol and the archive only once the sitting is closed.
 */
export function publishedFiles(sittingId: string, closed: boolean): Array<{ href: string; label: string; type: string }> {
  const s = t().common.files;
  const base = `/opendata/${encodeURIComponent(sittingId)}`;
  const files = [
    { href: `${base}/ua-835/voteEvents.csv`, label: s.voteEvents, type: "CSV" },
    { href: `${base}/ua-835/vote.csv`, label: s.rollCalls, type: "CSV" },
    { href: `${base}/ua-835-legacy/votings.csv`, label: s.legacy, type: "CSV" },
    { href: `${base}/popolo.json`, label: s.popolo, type: "JSON" },
    { href: `${base}/journal.jsonl`, label: s.journal, type: "JSONL" },
  ];
  if (closed) {
    files.unshift({ href: `${base}/protocol.pdf`, label: s.protocol, type: "PDF" });
    files.push({ href: `${base}/sitting.zip`, label: s.zip, type: "ZIP" });
  }
  files.push({ href: `${base}/`, label: s.folder, type: "" });
  return files;
}
