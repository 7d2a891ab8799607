import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, del, councilPath, problemText, type HallDto, type IssuedKey, type TerminalDto } from "./api";
import { apiForm, field, choice, val, showOnce, showProblem, say, report, confirmed, type Ctx } from "./ui";
import { parseSeats } from "../chair/rules";
import { pairingLink, qrImage, caNote } from "../shared/pairing";

// A hall's terminal keys: issue (shown once, a tablet's with its pairing link and QR code) and revoke.



export function terminalsPanel(ctx: Ctx, hall: HallDto): HTMLElement {
  const a = t().admin.terminals;
  const kinds = t().chair.terminalKinds;
  const list = h("div", { id: "terminals-list" });

  const load = async () => {
    const r = await get<TerminalDto[]>(councilPath(ctx.council, "halls", hall.id, "terminals"));
    if (!r.ok) { patch(list, h("p", { class: "error" }, problemText(r.problem))); return; }
    const live = r.value.filter((x) => !x.revoked);
    patch(list, live.length === 0 ? h("p", { class: "muted" }, a.none) :
      h("ul", { id: "terminals", class: "plain rows" }, live.map((x) => {
        const id = x.terminalId ?? x.id ?? "";
        return h("li", { "data-terminal": id },
          h("span", null, h("strong", null, x.label || id), ` · ${(kinds as Record<string, string>)[x.kind] ?? x.kind} · ${t().chair.seatsList(x.seats)}`),
          h("button", { id: `terminal-revoke-${id}`, type: "button", class: "danger", "aria-label": t().chair.revokeNamed(x.label || id), onclick: async () => {
            if (!(await confirmed(a.revokeConfirm(x.label || id)))) return;
            if (report(await del(councilPath(ctx.council, "terminals", id)), a.revoked(x.label || id))) void load();
          } }, t().chair.revoke));
      })));
  };

  const form = apiForm<IssuedKey>("terminal-form", a.issueTitle, [
    choice("terminal-kind", t().chair.terminalKind, "kind", (["tablet", "gateway", "broadcast"] as const).map((k): [string, string] => [k, kinds[k]])),
    field("terminal-seats", t().chair.terminalSeats, "seats", { inputmode: "numeric", placeholder: "1, 2, 5-7" }, t().chair.seatsFormat),
    field("terminal-label", t().chair.terminalLabel, "label", { autocomplete: "off" }),
  ], t().chair.issueKey,
  async (f) => {
    const seats = parseSeats(val(f, "seats"));
    if (seats === null) { showProblem(f, { status: 400, detail: t().chair.seatsFormat, detailEn: t().chair.seatsFormat, field: "seats" }); return null; }
    const kind = val(f, "kind");
    return post<IssuedKey>(councilPath(ctx.council, "halls", hall.id, "terminals"), { kind, seats, label: val(f, "label") || `${kind} ${seats.join(",")}` });
  },
  (issued) => {
    const label = val(form, "label") || issued.terminalId;
    form.reset();
    say(t().chair.issued(issued.terminalId), true);
    const link = pairingLink(issued.key);
    showOnce(a.keyTitle(label), issued.key, issued.kind === "tablet"
      ? h("div", null, qrImage(link, t().chair.qrAlt(label), "once-qr"), h("p", null, h("a", { id: "once-link", href: link, target: "_blank", rel: "noopener" }, t().chair.pairingLink)), caNote())
      : caNote());
    void load();
  });

  void load();
  return h("section", { id: "terminals-section", class: "card sub", "aria-labelledby": "terminals-h" },
    h("h3", { id: "terminals-h" }, a.title(hall.name)), list, form);
}
