import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { call, get, post, put, del, councilPath, problemText, type AgendaItemDto, type DocumentDto, type SittingDto } from "./api";
import { apiForm, field, area, val, opt, screen, say, report, confirmed, type Ctx } from "./ui";
import { loadNames, statusBadge } from "./sittings";

// One sitting (#sittings/{id}): its prepared agenda (add, reorder, delete, PDF documents), then open and close.
// The agenda changes here only while the sitting is planned; once open, the chair console changes it by journaled commands.

const kib = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

export async function sittingScreen(ctx: Ctx, id: string): Promise<HTMLElement> {
  const a = t().admin.agenda;
  const s = t().admin.sittings;
  const names = await loadNames(ctx);
  const path = (...rest: Array<string | number>) => councilPath(ctx.council, "sittings", id, ...rest);
  const head = h("div", { id: "sitting-head" });
  const items = h("div", { id: "agenda-box" });
  const addBox = h("div", { id: "item-form-box" });
  const load = async (): Promise<SittingDto | null> => {
    const r = await get<SittingDto>(path());
    if (!r.ok) { patch(head, h("p", { class: "error" }, problemText(r.problem))); patch(items); patch(addBox); return null; }
    const sitting = r.value;
    const agenda = await get<AgendaItemDto[]>(path("agenda"));
    const list = (agenda.ok ? agenda.value : sitting.agenda).slice().sort((x, y) => x.order - y.order);
    drawHead(sitting);
    drawItems(sitting, list);
    patch(addBox, sitting.status === "planned" ? itemForm() : h("p", { class: "muted" }, a.lockedNote));
    return sitting;
  };

  const drawHead = (x: SittingDto) => {
    const body = names.bodies.find((b) => b.id === x.bodyId);
    const hall = names.halls.find((b) => b.id === x.hallId);
    const session = names.sessions.find((b) => b.id === x.sessionId);
    patch(head,
      h("p", null, h("a", { id: "back-to-sittings", href: "#sittings" }, a.back)),
      h("h3", { id: "sitting-title" }, a.title(x.number, body?.name ?? x.bodyId), " ", statusBadge(x.status)),
      h("dl", { class: "facts" },
        h("dt", null, s.when), h("dd", null, `${x.date} ${x.time}`),
        h("dt", null, s.place), h("dd", null, x.place || "—"),
        h("dt", null, s.hall), h("dd", null, hall?.name ?? x.hallId),
        h("dt", null, s.session), h("dd", null, session ? s.sessionName(session.number, session.title) : s.noSession)),
      h("p", { id: "sitting-action-error", class: "error", role: "alert", hidden: true }),
      h("div", { class: "row" },
        x.status === "planned" ? [
          h("button", { id: "sitting-open", type: "button", class: "primary", onclick: () => void act("open", a.opened) }, a.open),
          h("button", { id: "sitting-delete", type: "button", class: "danger", onclick: () => void remove() }, a.delete)] : null,
        x.status === "open" ? [
          h("a", { id: "chair-link", class: "button primary", href: `/${encodeURIComponent(ctx.council)}/chair` }, a.chairLink),
          h("button", { id: "sitting-close", type: "button", class: "danger", onclick: () => void act("close", a.closed) }, a.close)] : null,
        x.status === "closed" && x.openDataUrl ? h("a", { id: "open-data-link", href: x.openDataUrl }, a.openData) : null));
  };

  const act = async (verb: "open" | "close", okText: string) => {
    if (verb === "close" && !(await confirmed(t().chair.closeSittingConfirm))) return;
    const r = await post<SittingDto>(path(verb));
    if (!r.ok) {
      const e = document.getElementById("sitting-action-error")!;
      e.hidden = false;
      e.textContent = problemText(r.problem);
      return;
    }
    say(okText, true);
    await load();
    document.getElementById(verb === "open" ? "sitting-close" : "sitting-title")?.focus();
  };

  const remove = async () => {
    if (!(await confirmed(a.deleteConfirm))) return;
    if (report(await del(path()), a.deleted)) ctx.go("sittings");
  };

  const move = async (list: AgendaItemDto[], index: number, delta: number) => {
    const order = list.map((x) => x.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + delta, 0, moved);
    if (report(await put(path("agenda", "order"), { order }), a.moved)) await load();
    // Keep the keyboard on the moved item: its same button, or the other one once it reached an end.
    const same = document.getElementById(`item-${delta < 0 ? "up" : "down"}-${moved}`) as HTMLButtonElement | null;
    (same && !same.disabled ? same : document.getElementById(`item-${delta < 0 ? "down" : "up"}-${moved}`))?.focus();
  };

  const upload = async (item: AgendaItemDto) => {
    const input = document.getElementById(`doc-file-${item.id}`) as HTMLInputElement;
    const error = document.getElementById(`doc-error-${item.id}`)!;
    const file = input.files?.[0];
    error.hidden = true;
    if (!file) { error.hidden = false; error.textContent = a.chooseFile; return; }
    const r = await call<DocumentDto>("POST", `${path("agenda", item.id, "documents")}?name=${encodeURIComponent(file.name)}`, { raw: file, type: "application/pdf" });
    if (!r.ok) { error.hidden = false; error.textContent = problemText(r.problem); return; }
    say(a.uploaded(r.value.name), true);
    await load();
  };

  const drawItems = (x: SittingDto, list: AgendaItemDto[]) => {
    const editable = x.status === "planned";
    patch(items, h("h3", { id: "agenda-h" }, a.agenda),
      list.length === 0 ? h("p", { class: "muted" }, a.empty) :
      h("ol", { id: "agenda-list", class: "agenda-admin", "aria-labelledby": "agenda-h" }, list.map((item, i) => h("li", { "data-item": item.id },
        h("p", null, item.projectNumber ? h("span", { class: "badge" }, `№ ${item.projectNumber}`) : null, h("strong", { class: "item-title" }, item.title)),
        item.author ? h("p", { class: "muted" }, a.authorIs(item.author)) : null,
        item.documents.length ? h("ul", { class: "docs" }, item.documents.map((d) => h("li", null,
          h("a", { href: d.url, target: "_blank", rel: "noopener" }, d.name), ` (PDF, ${kib(d.size)})`,
          editable ? h("button", { id: `doc-delete-${d.id}`, type: "button", class: "small", "aria-label": a.deleteDoc(d.name), onclick: async () => {
            if (report(await del(councilPath(ctx.council, "documents", d.id)), a.docDeleted(d.name))) await load();
          } }, "✕") : null))) : null,
        editable ? h("div", { class: "row item-actions" },
          h("button", { id: `item-up-${item.id}`, type: "button", disabled: i === 0, "aria-label": t().chair.moveUp(item.title), onclick: () => void move(list, i, -1) }, "↑"),
          h("button", { id: `item-down-${item.id}`, type: "button", disabled: i === list.length - 1, "aria-label": t().chair.moveDown(item.title), onclick: () => void move(list, i, 1) }, "↓"),
          h("button", { id: `item-delete-${item.id}`, type: "button", class: "danger", "aria-label": a.deleteItem(item.title), onclick: async () => {
            if (!(await confirmed(a.deleteItemConfirm(item.title)))) return;
            if (report(await del(path("agenda", item.id)), a.itemDeleted)) await load();
          } }, t().admin.common.delete),
          h("span", { class: "inline-field" },
            h("label", { for: `doc-file-${item.id}` }, a.pdfFor(item.title)),
            h("input", { id: `doc-file-${item.id}`, type: "file", accept: "application/pdf,.pdf", "aria-describedby": `doc-error-${item.id}` })),
          h("button", { id: `doc-upload-${item.id}`, type: "button", onclick: () => void upload(item) }, a.upload),
          h("p", { id: `doc-error-${item.id}`, class: "error", role: "alert", hidden: true })) : null))));
  };

  const itemForm = () => {
    const form: HTMLFormElement = apiForm<AgendaItemDto>("item-form", a.addItem, [
      field("item-project", a.projectNumber, "projectNumber", { autocomplete: "off" }),
      field("item-title", a.itemTitle, "title", { autocomplete: "off" }),
      field("item-author", a.author, "author", { autocomplete: "off" }, a.authorHint),
      area("item-text", a.text, "text"),
    ], a.addItemButton,
    (f) => post<AgendaItemDto>(path("agenda"), { projectNumber: opt(f, "projectNumber"), title: val(f, "title"), author: opt(f, "author"), text: opt(f, "text") }),
    async (item) => { say(a.itemAdded(item.title), true); await load(); document.getElementById("item-project")?.focus(); });
    return form;
  };

  const first = await load();
  return screen("sitting", first ? a.screenTitle(first.number, first.date) : a.screenTitleUnknown, head, items, addBox);
}
