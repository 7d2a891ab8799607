import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, councilPath, problemText } from "./api";
import { screen, table, type Ctx } from "./ui";

// The council's audit chain (docs/security.md "Audit"): who — account, address, browser — did what and when, newest
// first, with the chain recomputed by the server. Every staff account of the council and its observers may read it;
// for an observer this screen is the console.

interface AuditDto { seq: number; at: string; actor: string; address: string; action: string; subject: string; hash: string; userAgent?: string; data?: string }
interface AuditVerify { holds: boolean; records: number; lastHash: string; brokenAt: number | null }

const PAGE = 200;

export async function auditScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.audit;
  const [list, verify] = await Promise.all([get<AuditDto[]>(councilPath(ctx.council, "audit")), get<AuditVerify>(councilPath(ctx.council, "audit", "verify"))]);
  if (!list.ok) return screen("audit", a.title, h("p", { class: "error" }, problemText(list.problem)));
  const entries = [...list.value].reverse();
  const listBox = h("div", { id: "audit-list" });
  const filter = h("input", { id: "audit-filter", type: "search", autocomplete: "off", spellcheck: false, oninput: () => draw() });

  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = entries.filter((e) => !q || `${e.action} ${e.actor} ${e.subject} ${e.address}`.toLowerCase().includes(q)).slice(0, PAGE);
    patch(listBox, shown.length === 0 ? h("p", { class: "muted" }, a.none) :
      table("audit-table", a.caption(shown.length, entries.length), [a.seq, a.at, a.actor, a.address, a.action, a.subject, a.details],
        shown.map((e) => h("tr", { "data-seq": e.seq, "data-action": e.action },
          h("td", null, String(e.seq)),
          h("td", null, new Date(e.at).toLocaleString()),
          h("td", null, e.actor),
          h("td", null, h("span", { title: e.userAgent ?? "" }, e.address)),
          h("td", null, h("code", null, e.action)),
          h("td", null, e.subject),
          h("td", null, e.data && e.data !== "{}" ? h("code", { class: "audit-data" }, e.data.length > 160 ? `${e.data.slice(0, 160)}…` : e.data) : "")))));
  };
  draw();

  const state = !verify.ok ? h("p", { id: "audit-verify", class: "error" }, problemText(verify.problem))
    : verify.value.holds ? h("p", { id: "audit-verify", class: "note ok", "data-holds": "true" }, a.holds(verify.value.records, verify.value.lastHash))
    : h("p", { id: "audit-verify", class: "note warn", "data-holds": "false", role: "alert" }, a.broken(verify.value.brokenAt ?? 0));
  return screen("audit", a.title,
    h("p", { class: "muted" }, a.intro),
    state,
    h("span", { class: "field" }, h("label", { for: "audit-filter" }, a.filter), filter),
    listBox);
}
