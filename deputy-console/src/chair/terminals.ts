import { h, byId } from "../shared/dom";
import { t } from "../i18n";
import type { IssuedTerminal } from "../shared/wire";
import { chair, command, say, changed } from "./store";
import { parseSeats } from "./rules";
import { pairingLink, qrImage, caNote } from "../shared/pairing";

// Issuing and revoking terminal keys. A tablet key is shown as text, as a pairing link and as a QR code of that link.


export function issueForm(): HTMLElement {
  const s = t().chair;
  return h("form", { novalidate: true, id: "issue-form", class: "subform", onsubmit: async (e: Event) => {
    e.preventDefault();
    const kind = byId<HTMLSelectElement>("term-kind").value;
    const seats = parseSeats(byId<HTMLInputElement>("term-seats").value);
    const label = byId<HTMLInputElement>("term-label").value.trim();
    if (seats === null) return say(s.seatsFormat, false);
    if (kind === "tablet" && seats.length === 0) return say(s.tabletNeedsSeat, false);
    const c = chair.connection;
    if (!c || chair.link !== "online") return say(t().common.offlineNotSent, false);
    try {
      const issued = await c.invoke<IssuedTerminal>("IssueTerminalKey", { kind, seats, label: label || `${kind} ${seats.join(",")}` });
      chair.issued.unshift({ ...issued, label: label || `${kind} ${seats.join(",")}`, revoked: false });
      say(s.issued(issued.terminalId), true);
      (e.target as HTMLFormElement).reset();
    } catch (err) {
      say(`${t().common.refused}: ${err instanceof Error ? err.message : String(err)}`, false);
    }
  } },
  h("div", { class: "fields" },
    h("span", null, h("label", { for: "term-kind" }, s.terminalKind),
      h("select", { id: "term-kind" }, (["tablet", "gateway", "broadcast"] as const).map((k) => h("option", { value: k }, s.terminalKinds[k])))),
    h("span", null, h("label", { for: "term-seats" }, s.terminalSeats), h("input", { id: "term-seats", inputmode: "numeric", placeholder: "1, 2, 5-7" })),
    h("span", null, h("label", { for: "term-label" }, s.terminalLabel), h("input", { id: "term-label" }))),
  h("button", { id: "term-issue", type: "submit" }, s.issueKey));
}


export function issuedPanel(): HTMLElement {
  const s = t().chair;
  if (chair.issued.length === 0) return h("p", { class: "muted" }, s.noneIssued);
  return h("ul", { id: "issued", class: "issued" }, chair.issued.map((x) =>
    h("li", { class: x.revoked ? "revoked" : "", "data-terminal": x.terminalId },
      h("p", null, h("strong", null, x.label), ` · ${s.terminalKinds[x.kind as "tablet"] ?? x.kind} · ${s.seatsList(x.seats)}`),
      x.revoked ? h("p", { class: "badge" }, s.revoked) : [
        h("p", null, s.key, " ", h("code", { class: "issued-key" }, x.key)),
        x.kind === "tablet" ? [qrImage(pairingLink(x.key), s.qrAlt(x.label)), h("p", null, h("a", { href: pairingLink(x.key), target: "_blank", rel: "noopener" }, s.pairingLink))] : null,
        caNote(),
        h("button", { id: `revoke-${x.terminalId}`, type: "button", "aria-label": s.revokeNamed(x.label), onclick: async () => {
          const ack = await command("RevokeTerminalKey", { terminalId: x.terminalId });
          if (ack?.accepted) { x.revoked = true; changed(); }
        } }, s.revoke)],
    )));
}
