import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, put, councilPath, problemText, type ConvocationDto, type CouncilDto } from "./api";
import { apiForm, field, val, opt, num, screen, table, say, type Ctx } from "./ui";

// The council's details and its convocations.

/** A new council (POST /api/councils, the host admin) or the details of an existing one (PUT). */
export function councilForm(existing: CouncilDto | null, done: (c: CouncilDto) => void): HTMLFormElement {
  const a = t().admin.council;
  const c = existing;
  return apiForm<CouncilDto>("council-form", existing ? a.details : a.newTitle, [
    field("council-id", a.id, "id", { value: c?.id, readonly: !!c, autocomplete: "off", spellcheck: false }, a.idHint),
    field("council-name", a.name, "name", { value: c?.name }),
    field("council-edrpou", a.edrpou, "edrpou", { value: c?.edrpou, inputmode: "numeric" }, a.edrpouHint),
    field("council-katottg", a.katottg, "katottg", { value: c?.katottg, spellcheck: false }, a.katottgHint),
    field("council-composition", a.composition, "composition", { value: c?.composition, type: "number", min: 1 }, a.compositionHint),
    field("council-url", a.publicBaseUrl, "publicBaseUrl", { value: c?.publicBaseUrl, type: "url" }, a.publicBaseUrlHint),
  ], existing ? t().admin.common.save : a.create,
  (f) => {
    const body: CouncilDto = { id: val(f, "id"), name: val(f, "name"), edrpou: val(f, "edrpou"), katottg: val(f, "katottg"), composition: num(f, "composition"), publicBaseUrl: val(f, "publicBaseUrl") };
    return existing ? put<CouncilDto>(councilPath(existing.id), body) : post<CouncilDto>("/api/councils", body);
  },
  (saved) => { say(existing ? t().admin.common.saved : a.created(saved.name), true); done(saved); });
}

/** Adds a convocation, or changes one (`editing`). */
export function convocationForm(ctx: Ctx, editing: ConvocationDto | null, done: () => void): HTMLFormElement {
  const a = t().admin.council;
  const e = editing;
  return apiForm<ConvocationDto>("conv-form", e ? a.editConvocation(e.number) : a.addConvocation, [
    field("conv-number", a.convNumber, "number", { value: e?.number, type: "number", min: 1, readonly: !!e }),
    field("conv-from", a.dateFrom, "dateFrom", { value: e?.dateFrom, type: "date" }),
    field("conv-until", a.dateUntil, "dateUntil", { value: e?.dateUntil, type: "date" }, a.dateUntilHint),
    field("conv-end", a.actualEnd, "actualEnd", { value: e?.actualEnd ?? "", type: "date" }),
  ], e ? t().admin.common.save : a.addConvocationButton,
  (f) => {
    const body: ConvocationDto = { number: num(f, "number"), dateFrom: val(f, "dateFrom"), dateUntil: val(f, "dateUntil"), actualEnd: opt(f, "actualEnd") };
    return e ? put<ConvocationDto>(councilPath(ctx.council, "convocations", e.number), body) : post<ConvocationDto>(councilPath(ctx.council, "convocations"), body);
  },
  () => { say(t().admin.common.saved, true); done(); });
}

export async function councilScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.council;
  const detailsBox = h("div", { id: "council-details" });
  const convBox = h("div", { id: "council-convocations" });
  const loadDetails = async () => {
    const r = await get<CouncilDto>(councilPath(ctx.council));
    patch(detailsBox, r.ok ? councilForm(r.value, () => void loadDetails()) : h("p", { class: "error" }, problemText(r.problem)));
  };
  const loadConvocations = async (editing: ConvocationDto | null = null) => {
    const r = await get<ConvocationDto[]>(councilPath(ctx.council, "convocations"));
    const list = r.ok ? r.value : [];
    patch(convBox,
      h("h3", null, a.convocations),
      r.ok ? null : h("p", { class: "error" }, problemText(r.problem)),
      list.length === 0 ? h("p", { class: "muted" }, a.noConvocations) :
        table("convocations", a.convocations, [a.convNumber, a.dateFrom, a.dateUntil, a.actualEnd, t().admin.common.actions],
          list.map((c) => h("tr", null,
            h("td", null, String(c.number)), h("td", null, c.dateFrom), h("td", null, c.dateUntil), h("td", null, c.actualEnd ?? "—"),
            h("td", null, h("button", { id: `conv-edit-${c.number}`, type: "button", onclick: () => void loadConvocations(c) }, a.editConvocation(c.number)))))),
      convocationForm(ctx, editing, () => void loadConvocations()),
      editing ? h("button", { type: "button", onclick: () => void loadConvocations() }, t().common.cancel) : null);
    if (editing) document.getElementById("conv-from")?.focus();
  };
  await Promise.all([loadDetails(), loadConvocations()]);
  return screen("council", a.title, detailsBox, convBox);
}
