import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, del, councilPath, problemText, type CardDto, type DeputyDto, type SeenCardDto } from "./api";
import { apiForm, field, choice, val, screen, table, say, report, confirmed, type Ctx } from "./ui";
import { holdsMandate } from "./deputies";

// Cards: who holds which UID; enrolment from the cards seen at a seat (polled every 2 s while this screen is shown).

const POLL_MS = 2000;

export async function cardsScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.cards;
  const c = t().admin.common;
  const listBox = h("div", { id: "cards-list" });
  const seenBox = h("div", { id: "seen-list", "aria-live": "polite" });
  const d = await get<DeputyDto[]>(councilPath(ctx.council, "deputies"));
  const deputies = (d.ok ? d.value : []).filter((x) => holdsMandate(x));
  const nameOf = (id: string) => (d.ok ? d.value : []).find((x) => x.id === id)?.fullName ?? id;
  const deputyOptions = (): Array<[string, string]> => [["", a.chooseDeputy], ...deputies.map((x): [string, string] => [x.id, x.fullName])];

  const bind = async (uid: string, deputyId: string) => post<CardDto>(councilPath(ctx.council, "cards"), { uid, deputyId });

  const load = async () => {
    const r = await get<CardDto[]>(councilPath(ctx.council, "cards"));
    if (!r.ok) { patch(listBox, h("p", { class: "error" }, problemText(r.problem))); return; }
    patch(listBox, r.value.length === 0 ? h("p", { class: "muted" }, a.none) :
      table("cards-table", a.caption(r.value.length), [a.uid, a.deputy, c.actions], r.value.map((x) => h("tr", { "data-card": x.uid },
        h("td", null, h("code", null, x.uid)),
        h("td", null, nameOf(x.deputyId)),
        h("td", null, h("button", { id: `card-revoke-${x.uid}`, type: "button", class: "danger", "aria-label": a.revokeNamed(x.uid, nameOf(x.deputyId)), onclick: async () => {
          if (!(await confirmed(a.revokeConfirm(x.uid)))) return;
          if (report(await del(councilPath(ctx.council, "cards", x.uid)), a.revoked(x.uid))) { void load(); lastSeen = ""; void poll(); }
        } }, a.revoke))))));
  };

  let lastSeen = "";
  const drawSeen = (seen: SeenCardDto[]) => {
    patch(seenBox, seen.length === 0 ? h("p", { class: "muted" }, a.noneSeen) :
      h("ul", { id: "seen-cards", class: "plain rows" }, seen.map((s) => h("li", { "data-uid": s.uid },
        h("span", null, h("code", null, s.uid), ` · ${a.seenAt(s.hallId, s.seat, s.at.slice(11, 19) || s.at)}`),
        h("span", { class: "inline-field" },
          h("label", { for: `seen-deputy-${s.uid}` }, a.bindTo(s.uid)),
          h("select", { id: `seen-deputy-${s.uid}` }, deputyOptions().map(([v, text]) => h("option", { value: v }, text)))),
        h("button", { id: `seen-bind-${s.uid}`, type: "button", class: "primary", onclick: async () => {
          const deputyId = (document.getElementById(`seen-deputy-${s.uid}`) as HTMLSelectElement).value;
          if (!deputyId) { say(a.chooseDeputyFirst, false); return; }
          if (report(await bind(s.uid, deputyId), a.bound(s.uid, nameOf(deputyId)))) { void load(); lastSeen = ""; void poll(); }
        } }, a.bind)))));
  };

  // Redrawn only when the list changes, so a half-made choice in a select is not lost every two seconds.
  const poll = async () => {
    if (document.visibilityState !== "visible") return;
    const r = await get<SeenCardDto[]>(councilPath(ctx.council, "cards", "seen"));
    const key = r.ok ? r.value.map((s) => `${s.uid}@${s.hallId}/${s.seat}`).join("|") : `!${r.status}`;
    if (key === lastSeen) return;
    lastSeen = key;
    if (r.ok) drawSeen(r.value);
    else patch(seenBox, h("p", { class: "error" }, problemText(r.problem)));
  };
  const timer = window.setInterval(() => void poll(), POLL_MS);
  ctx.onLeave(() => window.clearInterval(timer));

  const form = apiForm<CardDto>("card-form", a.bindTitle, [
    field("card-uid", a.uid, "uid", { autocomplete: "off", spellcheck: false }, a.uidHint),
    choice("card-deputy", a.deputy, "deputyId", deputyOptions()),
  ], a.bind,
  (f) => bind(val(f, "uid"), val(f, "deputyId")),
  (card) => { say(a.bound(card.uid, nameOf(card.deputyId)), true); form.reset(); void load(); });

  await Promise.all([load(), poll()]);
  return screen("cards", a.title,
    listBox,
    h("section", { class: "card sub", "aria-labelledby": "seen-h" },
      h("h3", { id: "seen-h" }, a.seenTitle), h("p", { class: "muted" }, a.seenHint), seenBox),
    form);
}
