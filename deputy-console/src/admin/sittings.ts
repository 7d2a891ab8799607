import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, councilPath, problemText, type BodyDto, type ConvocationDto, type HallDto, type SessionDto, type SittingDto } from "./api";
import { apiForm, field, choice, val, opt, num, screen, table, say, type Ctx } from "./ui";

// Sessions and sittings: the sessions of the convocation, every sitting with its status, and planning a new one.
// A sitting's agenda, documents, opening and closing are on its own screen (#sittings/{id}, agenda.ts).

export interface Names { bodies: BodyDto[]; halls: HallDto[]; sessions: SessionDto[] }

export async function loadNames(ctx: Ctx): Promise<Names> {
  const [b, hl, s] = await Promise.all([
    get<BodyDto[]>(councilPath(ctx.council, "bodies")), get<HallDto[]>(councilPath(ctx.council, "halls")), get<SessionDto[]>(councilPath(ctx.council, "sessions"))]);
  return { bodies: b.ok ? b.value : [], halls: hl.ok ? hl.value : [], sessions: s.ok ? s.value : [] };
}

export const statusBadge = (status: string) =>
  h("span", { class: `badge status-${status}`, "data-status": status }, (t().admin.sittings.statuses as Record<string, string>)[status] ?? status);

export async function sittingsScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.sittings;
  const c = t().admin.common;
  const sessionsBox = h("div", { id: "sessions-list" });
  const sittingsBox = h("div", { id: "sittings-list" });
  const formBox = h("div", { id: "sitting-form-box" });
  const convs = await get<ConvocationDto[]>(councilPath(ctx.council, "convocations"));
  let names = await loadNames(ctx);

  const drawSessions = () => patch(sessionsBox, names.sessions.length === 0 ? h("p", { class: "muted" }, a.noSessions) :
    table("sessions-table", a.sessions, [a.sessionNumber, a.sessionTitle, a.convocation], names.sessions.map((s) => h("tr", { "data-session": s.id },
      h("td", null, String(s.number)), h("td", null, s.title), h("td", null, String(s.convocation))))));

  const loadSittings = async () => {
    const r = await get<SittingDto[]>(councilPath(ctx.council, "sittings"));
    if (!r.ok) { patch(sittingsBox, h("p", { class: "error" }, problemText(r.problem))); return; }
    const list = r.value.slice().sort((x, y) => `${y.date} ${y.time}`.localeCompare(`${x.date} ${x.time}`));
    patch(sittingsBox, list.length === 0 ? h("p", { class: "muted" }, a.noSittings) :
      table("sittings-table", a.sittings, [a.number, a.body, a.when, a.hall, a.status, c.actions], list.map((s) => h("tr", { "data-sitting": s.id },
        h("td", null, String(s.number)),
        h("td", null, names.bodies.find((b) => b.id === s.bodyId)?.name ?? s.bodyId),
        h("td", null, `${s.date} ${s.time}`),
        h("td", null, names.halls.find((x) => x.id === s.hallId)?.name ?? s.hallId),
        h("td", null, statusBadge(s.status)),
        h("td", null, h("a", { id: `sitting-link-${s.id}`, class: "button", href: `#sittings/${encodeURIComponent(s.id)}`, "aria-label": a.openDetails(s.number, s.date) }, a.details))))));
  };

  const sessionForm = apiForm<SessionDto>("session-form", a.addSession, [
    field("session-number", a.sessionNumber, "number", { type: "number", min: 1 }),
    field("session-title", a.sessionTitle, "title", { autocomplete: "off" }, a.sessionTitleHint),
    choice("session-convocation", a.convocation, "convocation",
      (convs.ok ? convs.value : []).map((x): [string, string] => [String(x.number), a.convocationName(x.number, x.dateFrom)]),
      convs.ok && convs.value.length ? String(convs.value[convs.value.length - 1].number) : ""),
  ], a.addSessionButton,
  (f) => post<SessionDto>(councilPath(ctx.council, "sessions"), { number: num(f, "number"), title: val(f, "title"), convocation: num(f, "convocation") }),
  async (s) => { say(a.sessionAdded(s.number), true); sessionForm.reset(); names = await loadNames(ctx); drawSessions(); drawPlan(); });

  const drawPlan = () => {
    const plenary = names.bodies.find((b) => b.kind === "plenary");
    const form = apiForm<SittingDto>("sitting-form", a.planTitle, [
      choice("sitting-body", a.body, "bodyId", names.bodies.map((b): [string, string] => [b.id, b.name]), plenary?.id ?? ""),
      choice("sitting-hall", a.hall, "hallId", names.halls.map((x): [string, string] => [x.id, x.name])),
      choice("sitting-session", a.session, "sessionId", [["", a.noSession], ...names.sessions.map((s): [string, string] => [s.id, a.sessionName(s.number, s.title)])],
        names.sessions.length ? names.sessions[names.sessions.length - 1].id : ""),
      field("sitting-number", a.number, "number", { type: "number", min: 1 }),
      field("sitting-date", a.date, "date", { type: "date" }),
      field("sitting-time", a.time, "time", { type: "time", value: "10:00" }),
      field("sitting-place", a.place, "place", { autocomplete: "off", value: names.halls[0]?.place ?? "" }, a.placeHint),
    ], a.planButton,
    (f) => post<SittingDto>(councilPath(ctx.council, "sittings"), {
      bodyId: val(f, "bodyId"), hallId: val(f, "hallId"), sessionId: opt(f, "sessionId"), number: num(f, "number"),
      date: val(f, "date"), time: val(f, "time"), place: val(f, "place"),
    }),
    (s) => { say(a.planned(s.number, s.date), true); ctx.go(`sittings/${encodeURIComponent(s.id)}`); });
    // The place follows the hall until the secretary types another.
    const hall = form.querySelector<HTMLSelectElement>("#sitting-hall");
    const place = form.querySelector<HTMLInputElement>("#sitting-place");
    hall?.addEventListener("change", () => {
      if (place && (!place.value || names.halls.some((x) => x.place === place.value))) place.value = names.halls.find((x) => x.id === hall.value)?.place ?? "";
    });
    patch(formBox, form);
  };

  drawSessions();
  drawPlan();
  await loadSittings();
  return screen("sittings", a.title,
    h("h3", null, a.sittings), sittingsBox, formBox,
    h("h3", null, a.sessions), sessionsBox, sessionForm);
}
