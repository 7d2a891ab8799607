import { h, byId } from "../shared/dom";
import { t } from "../i18n";
import { toMillis, type SelfTestView } from "../shared/wire";
import { chair, command, say, changed } from "./store";

// The pre-sitting self-test (docs/operations.md): start it, then read the report seat by seat. The server checks the
// seats, sums the roster and hashes its build; the console only shows what it answers.

let report: SelfTestView | null = null;

async function loadReport(): Promise<void> {
  const c = chair.connection;
  if (!c || chair.link !== "online") { say(t().common.offlineNotSent, false); return; }
  try {
    report = await c.invoke<SelfTestView | null>("SelfTest");
    changed();
  } catch (e) {
    say(`${t().common.refused}: ${e instanceof Error ? e.message : String(e)}`, false);
  }
}

export function selfTestForm(): HTMLElement {
  const s = t().selfTest;
  return h("form", { novalidate: true, id: "self-test-form", class: "subform", onsubmit: async (e: Event) => {
    e.preventDefault();
    const seconds = Number(byId<HTMLInputElement>("self-test-seconds").value);
    const ack = await command("StartSelfTest", { durationSeconds: Number.isFinite(seconds) ? Math.round(seconds) : 0 });
    if (ack?.accepted) await loadReport();
  } },
  h("p", { class: "muted" }, s.hint),
  h("div", { class: "fields" },
    h("span", null, h("label", { for: "self-test-seconds" }, s.seconds),
      h("input", { id: "self-test-seconds", type: "number", inputmode: "numeric", min: "5", max: "3600", value: "60" }))),
  h("button", { id: "self-test-start", type: "submit" }, s.start), " ",
  h("button", { id: "self-test-refresh", type: "button", onclick: () => void loadReport() }, s.refresh));
}

export function selfTestPanel(): HTMLElement {
  const s = t().selfTest;
  // The report follows the test vote: refresh it when the pushed sitting shows the vote has ended.
  const vote = chair.sitting?.votes.find((v) => v.voteId === report?.testVoteId);
  if (report && vote && vote.status !== "open" && report.voteStatus === "open") void loadReport();
  if (!report) return h("p", { id: "self-test-report", class: "muted" }, s.none);
  const r = report;
  const at = toMillis(r.at);
  const total = r.seatsAnswering.length + r.seatsSilent.length;
  return h("div", { id: "self-test-report" },
    h("p", null, `${s.at}: ${at === null ? "—" : new Date(at).toLocaleTimeString()}`),
    h("p", { id: "self-test-answered" }, s.answered(r.seatsAnswering.length, total),
      r.seatsSilent.length ? ` · ${s.silent}: ${r.seatsSilent.join(", ")}` : ""),
    h("p", { id: "self-test-pressed" }, s.pressed(r.seatsPressed.length)),
    h("p", null, s.roster, ": ", h("code", { id: "self-test-roster" }, r.rosterChecksum)),
    h("p", null, s.software, ": ", h("code", { id: "self-test-software" }, r.softwareHash)),
    h("table", { class: "self-test-seats" },
      h("thead", null, h("tr", null, h("th", null, s.seat), h("th", null, s.deputy), h("th", null, s.link), h("th", null, s.press))),
      h("tbody", null, r.seats.map((x) => h("tr", { "data-seat": String(x.seat), class: x.answered ? "" : "silent" },
        h("td", null, x.label), h("td", null, x.deputyName ?? s.nobody),
        h("td", null, x.answered ? s.yes : s.no), h("td", null, x.pressed ? `${s.yes} (${x.choice ?? ""})` : s.no))))));
}
