import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, put, del, councilPath, problemText, type FactionDto } from "./api";
import { apiForm, field, val, opt, screen, say, report, confirmed, type Ctx } from "./ui";

// Factions: list, add, rename, delete (the server refuses while a deputy is in it).

export async function factionsScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.factions;
  const c = t().admin.common;
  const box = h("div", { id: "factions-list" });

  const load = async () => {
    const r = await get<FactionDto[]>(councilPath(ctx.council, "factions"));
    if (!r.ok) { patch(box, h("p", { class: "error" }, problemText(r.problem))); return; }
    patch(box, r.value.length === 0 ? h("p", { class: "muted" }, a.none) :
      h("ul", { id: "factions", class: "plain rows" }, r.value.map((f) => h("li", { "data-faction": f.id },
        apiForm<FactionDto>(`faction-${f.id}`, null, [
          field(`faction-name-${f.id}`, a.nameOf(f.name), "name", { value: f.name, autocomplete: "off" }),
        ], a.rename,
        (form) => put<FactionDto>(councilPath(ctx.council, "factions", f.id), { id: f.id, name: val(form, "name") }),
        (saved) => { say(a.renamed(saved.name), true); void load(); }, { class: "api-form inline" }),
        h("button", { id: `faction-delete-${f.id}`, type: "button", class: "danger", "aria-label": a.deleteNamed(f.name), onclick: async () => {
          if (!(await confirmed(a.deleteConfirm(f.name)))) return;
          if (report(await del(councilPath(ctx.council, "factions", f.id)), a.deleted(f.name))) void load();
        } }, c.delete)))));
  };

  const add = apiForm<FactionDto>("faction-new", a.addTitle, [
    field("faction-new-name", a.name, "name", { autocomplete: "off" }),
    field("faction-new-id", a.id, "id", { autocomplete: "off", spellcheck: false }, a.idHint),
  ], a.add,
  (f) => post<FactionDto>(councilPath(ctx.council, "factions"), { id: opt(f, "id") ?? undefined, name: val(f, "name") }),
  (saved) => { say(a.added(saved.name), true); add.reset(); void load(); });

  await load();
  return screen("factions", a.title, box, add);
}
