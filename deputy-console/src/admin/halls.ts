import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, del, councilPath, problemText, type HallDto } from "./api";
import { screen, report, confirmed, type Ctx } from "./ui";
import { hallEditor } from "./hall-editor";
import { terminalsPanel } from "./terminals";

// Halls: the list; #halls/{id} edits one (seat plan and terminal keys), #halls/new makes one.

export async function hallsScreen(ctx: Ctx, arg: string | null): Promise<HTMLElement> {
  const a = t().admin.halls;
  const c = t().admin.common;
  const r = await get<HallDto[]>(councilPath(ctx.council, "halls"));
  const halls = r.ok ? r.value : [];
  const chosen = arg && arg !== "new" ? halls.find((x) => x.id === arg) ?? null : null;
  const editor = h("div", { id: "hall-editor" });
  if (arg === "new" || chosen) {
    patch(editor, h("div", { class: "card sub" }, hallEditor(ctx, chosen, (saved) => {
      ctx.go(`halls/${encodeURIComponent(saved.id)}`);
    })), chosen ? terminalsPanel(ctx, chosen) : null);
  } else if (arg) {
    patch(editor, h("p", { class: "error" }, a.notFound(arg)));
  }
  return screen("halls", a.title,
    r.ok ? null : h("p", { class: "error" }, problemText(r.problem)),
    halls.length === 0 ? h("p", { class: "muted" }, a.none) :
      h("ul", { id: "halls", class: "plain rows" }, halls.map((x) => h("li", { "data-hall": x.id },
        h("span", null, h("strong", null, x.name), ` · ${x.place || "—"} · ${a.seatsCaption(x.seats.length)}`),
        h("a", { id: `hall-open-${x.id}`, class: "button", href: `#halls/${encodeURIComponent(x.id)}`, "aria-label": a.editNamed(x.name), "aria-current": x.id === chosen?.id ? "true" : null }, c.edit),
        h("button", { id: `hall-delete-${x.id}`, type: "button", class: "danger", "aria-label": a.deleteNamed(x.name), onclick: async () => {
          if (!(await confirmed(a.deleteConfirm(x.name)))) return;
          if (report(await del(councilPath(ctx.council, "halls", x.id)), a.deleted(x.name))) ctx.go("halls");
        } }, c.delete)))),
    h("p", null, h("a", { id: "hall-new", class: "button", href: "#halls/new" }, a.add)),
    editor);
}
