import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, put, del, councilPath, problemText, type DeputyDto, type FactionDto } from "./api";
import { apiForm, field, choice, check, val, opt, num, isChecked, screen, table, say, report, showOnce, confirmed, type Ctx } from "./ui";
import { importer } from "./import";
import { devicesPanel } from "./devices";

// Deputies and their mandates: the table, add or edit, end a mandate, a new PIN (admin), the CSV import.

const today = () => new Date().toISOString().slice(0, 10);
export const holdsMandate = (d: DeputyDto, on = today()) => d.mandateStart <= on && (!d.mandateEnd || d.mandateEnd >= on);

export async function deputiesScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.deputies;
  const c = t().admin.common;
  const listBox = h("div", { id: "deputies-list" });
  const formBox = h("div", { id: "deputy-form-box" });
  let deputies: DeputyDto[] = [];
  let factions: FactionDto[] = [];

  const load = async () => {
    const [d, f] = await Promise.all([get<DeputyDto[]>(councilPath(ctx.council, "deputies")), get<FactionDto[]>(councilPath(ctx.council, "factions"))]);
    deputies = d.ok ? d.value : [];
    factions = f.ok ? f.value : [];
    patch(listBox, d.ok ? list() : h("p", { class: "error" }, problemText(d.problem)));
    showForm(null);
  };

  const factionName = (id?: string | null) => factions.find((f) => f.id === id)?.name ?? t().common.noFaction;

  const list = (): HTMLElement => deputies.length === 0 ? h("p", { class: "muted" }, a.none) :
    table("deputies-table", a.caption(deputies.filter((x) => holdsMandate(x)).length, deputies.length),
      [a.fullName, a.faction, a.mandate, a.status, ...(ctx.role === "admin" ? [a.pin, a.cards] : []), c.actions],
      deputies.map((d) => h("tr", { "data-deputy": d.id, class: holdsMandate(d) ? "" : "former" },
        h("th", { scope: "row" }, d.fullName, d.isHead ? h("span", { class: "badge" }, a.head) : null),
        h("td", null, factionName(d.factionId)),
        h("td", null, `${d.mandateStart} — ${d.mandateEnd ?? ""}`),
        h("td", null, holdsMandate(d) ? a.current : a.former(d.mandateEndReason ?? "")),
        ctx.role === "admin" ? [h("td", null, d.hasPin ? a.pinSet : a.pinNone), h("td", null, d.cards.join(", ") || "—")] : null,
        h("td", { class: "actions" },
          h("button", { id: `dep-edit-${d.id}`, type: "button", "aria-label": a.editNamed(d.fullName), onclick: () => showForm(d) }, c.edit),
          d.mandateEnd ? null : h("button", { id: `dep-end-${d.id}`, type: "button", "aria-label": a.endNamed(d.fullName), onclick: () => showEnd(d) }, a.end),
          ctx.role === "admin" ? h("button", { id: `dep-pin-${d.id}`, type: "button", "aria-label": a.pinNamed(d.hasPin ? a.resetPin : a.issuePin, d.fullName), onclick: () => void issuePin(d) }, d.hasPin ? a.resetPin : a.issuePin) : null,
          holdsMandate(d) ? h("button", { id: `dep-devices-${d.id}`, type: "button", "aria-label": t().admin.devices.openNamed(d.fullName), onclick: () => void showDevices(d) }, t().admin.devices.open) : null,
          h("button", { id: `dep-delete-${d.id}`, type: "button", class: "danger", "aria-label": a.deleteNamed(d.fullName), onclick: () => void remove(d) }, c.delete)))));

  const showForm = (d: DeputyDto | null) => {
    const genders: Array<[string, string]> = [["1", a.male], ["2", a.female]];
    patch(formBox, apiForm<DeputyDto>("deputy-form", d ? a.editTitle(d.fullName) : a.addTitle, [
      field("dep-name", a.fullName, "fullName", { value: d?.fullName, autocomplete: "off" }),
      choice("dep-faction", a.faction, "factionId", [["", t().common.noFaction], ...factions.map((f): [string, string] => [f.id, f.name])], d?.factionId ?? ""),
      choice("dep-gender", a.gender, "gender", genders, String(d?.gender ?? 1)),
      field("dep-birth", a.birthDate, "birthDate", { type: "date", value: d?.birthDate ?? "" }),
      field("dep-start", a.mandateStart, "mandateStart", { type: "date", value: d?.mandateStart ?? "" }),
      check("dep-head", a.isHead, "isHead", d?.isHead ?? false),
    ], d ? c.save : a.add,
    (f) => {
      const body = { ...(d ?? {}), fullName: val(f, "fullName"), factionId: opt(f, "factionId"), gender: num(f, "gender"), birthDate: opt(f, "birthDate"),
        mandateStart: val(f, "mandateStart"), isHead: isChecked(f, "isHead") };
      return d ? put<DeputyDto>(councilPath(ctx.council, "deputies", d.id), body) : post<DeputyDto>(councilPath(ctx.council, "deputies"), body);
    },
    (saved) => { say(a.saved(saved.fullName), true); void load(); }),
    d ? h("button", { id: "deputy-form-cancel", type: "button", onclick: () => showForm(null) }, t().common.cancel) : null);
    if (d) document.getElementById("dep-name")?.focus();
  };

  const showEnd = (d: DeputyDto) => {
    patch(formBox, apiForm<DeputyDto>("end-form", a.endTitle(d.fullName), [
      field("end-date", a.endDate, "date", { type: "date", value: today() }),
      field("end-reason", a.endReason, "reason", { autocomplete: "off" }, a.endReasonHint),
    ], a.end,
    (f) => post<DeputyDto>(councilPath(ctx.council, "deputies", d.id, "end-mandate"), { date: val(f, "date"), reason: val(f, "reason") }),
    () => { say(a.ended(d.fullName), true); void load(); }),
    h("button", { id: "end-form-cancel", type: "button", onclick: () => showForm(null) }, t().common.cancel));
    document.getElementById("end-date")?.focus();
  };

  const showDevices = async (d: DeputyDto) => {
    patch(formBox, await devicesPanel(ctx.council, d, () => showForm(null)));
    document.getElementById("devices-h")?.scrollIntoView();
  };

  const issuePin = async (d: DeputyDto) => {
    if (d.hasPin && !(await confirmed(a.resetConfirm(d.fullName)))) return;
    const r = await post<{ pin: string }>(councilPath(ctx.council, "deputies", d.id, "pin"));
    if (!r.ok) { say(problemText(r.problem), false); return; }
    showOnce(a.pinTitle(d.fullName), r.value.pin);
    void load();
  };

  const remove = async (d: DeputyDto) => {
    if (!(await confirmed(a.deleteConfirm(d.fullName)))) return;
    if (report(await del(councilPath(ctx.council, "deputies", d.id)), a.deleted(d.fullName))) void load();
  };

  await load();
  return screen("deputies", a.title, listBox, formBox, importer(ctx, () => void load()));
}
