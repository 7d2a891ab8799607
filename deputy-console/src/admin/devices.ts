import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, del, councilPath, problemText, type DeputyDto } from "./api";
import { table, say, report, showOnce, confirmed } from "./ui";
import { qrImage } from "../shared/pairing";

// A deputy's devices for remote participation (docs/security.md "Remote sittings"): issue a one-time enrolment code
// (shown once, with the page's link and QR code; the code rides in the fragment, which never reaches a server log),
// list the enrolled passkeys and revoke one. The server checks the staff role; this is only its face.

interface DeviceDto { id: string; label: string; createdAt: string; lastUsedAt?: string | null; revokedAt?: string | null }
interface EnrolmentCode { code: string; expiresAt: string; url: string }

const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** The devices panel for one deputy; `close` puts the screen's form back. */
export async function devicesPanel(council: string, deputy: DeputyDto, close: () => void): Promise<HTMLElement> {
  const a = t().admin.devices;
  const c = t().admin.common;
  const path = (...rest: string[]) => councilPath(council, "deputies", deputy.id, ...rest);
  const listBox = h("div", { id: "devices-list" });

  const load = async () => {
    const r = await get<DeviceDto[]>(path("remote-devices"));
    if (!r.ok) { patch(listBox, h("p", { class: "error" }, problemText(r.problem))); return; }
    patch(listBox, r.value.length === 0 ? h("p", { id: "devices-none", class: "muted" }, a.none) :
      table("devices-table", a.caption(r.value.length), [a.label, a.created, a.lastUsed, a.state, c.actions], r.value.map((d) =>
        h("tr", { "data-device": d.id, class: d.revokedAt ? "former" : "" },
          h("th", { scope: "row" }, d.label),
          h("td", null, when(d.createdAt)),
          h("td", null, when(d.lastUsedAt)),
          h("td", null, d.revokedAt ? a.revokedAt(when(d.revokedAt)) : a.active),
          h("td", { class: "actions" }, d.revokedAt ? null : h("button", { id: `device-revoke-${d.id}`, type: "button", class: "danger", "aria-label": a.revokeNamed(d.label), onclick: async () => {
            if (!(await confirmed(a.revokeConfirm(d.label)))) return;
            if (report(await del(path("remote-devices", d.id)), a.revoked(d.label))) void load();
          } }, a.revoke))))));
  };

  const issue = async () => {
    if (!(await confirmed(a.issueConfirm(deputy.fullName)))) return;
    const r = await post<EnrolmentCode>(path("remote-enrolment"));
    if (!r.ok) { say(problemText(r.problem), false); return; }
    const link = `${location.origin}${r.value.url}#code=${encodeURIComponent(r.value.code)}`;
    showOnce(a.codeTitle(deputy.fullName), r.value.code, h("div", null,
      h("p", { id: "once-until" }, a.codeNote(when(r.value.expiresAt))),
      qrImage(link, a.qrAlt(deputy.fullName), "once-qr"),
      h("p", null, h("a", { id: "once-link", href: link, target: "_blank", rel: "noopener" }, a.link))));
  };

  await load();
  return h("section", { id: "devices-panel", class: "card sub", "aria-labelledby": "devices-h" },
    h("h3", { id: "devices-h" }, a.title(deputy.fullName)),
    h("p", { class: "muted" }, a.intro),
    listBox,
    h("p", { class: "actions" },
      h("button", { id: "device-issue", type: "button", class: "primary", onclick: () => void issue() }, a.issue),
      h("button", { id: "devices-close", type: "button", onclick: close }, a.close)));
}
