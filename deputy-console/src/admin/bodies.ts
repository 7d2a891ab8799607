import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { get, post, put, del, councilPath, problemText, type BodyDto, type DeputyDto, type MemberRole } from "./api";
import { apiForm, field, choice, val, opt, num, screen, say, report, confirmed, type Ctx } from "./ui";
import { holdsMandate } from "./deputies";
import { ruleCodes } from "../chair/rules";

// Bodies: the plenary (read-only here: its members are the council's deputies) and the standing committees
// with their members, quorum rule and default vote rule.

const roles: MemberRole[] = ["member", "chair", "deputy-chair", "secretary"];

function ruleOptions(): Array<[string, string]> { return ruleCodes.map((r) => [r, t().chair.rules[r]]); }
function quorumOptions(): Array<[string, string]> { const q = t().admin.bodies.quorumRules; return [["more-than-half", q["more-than-half"]], ["at-least-half", q["at-least-half"]]]; }
const ruleName = (code: string) => (t().chair.rules as Record<string, string>)[code] ?? code;

export async function bodiesScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.bodies;
  const box = h("div", { id: "bodies-list" });

  const load = async () => {
    const [b, d] = await Promise.all([get<BodyDto[]>(councilPath(ctx.council, "bodies")), get<DeputyDto[]>(councilPath(ctx.council, "deputies"))]);
    if (!b.ok) { patch(box, h("p", { class: "error" }, problemText(b.problem))); return; }
    const deputies = (d.ok ? d.value : []).filter((x) => holdsMandate(x) && !x.isHead);
    patch(box,
      b.value.filter((x) => x.kind === "plenary").map(plenary),
      h("h3", null, a.committees),
      b.value.some((x) => x.kind === "committee") ? null : h("p", { class: "muted" }, a.noCommittees),
      b.value.filter((x) => x.kind === "committee").map((x) => committee(x, deputies)));
  };

  const plenary = (b: BodyDto) => h("article", { id: `body-${b.id}`, class: "card sub", "aria-labelledby": `body-${b.id}-h` },
    h("h3", { id: `body-${b.id}-h` }, b.name, " ", h("span", { class: "badge" }, a.plenary)),
    h("dl", { class: "facts" },
      h("dt", null, a.composition), h("dd", null, String(b.composition)),
      h("dt", null, a.quorumRule), h("dd", null, a.quorumRules[b.quorumRule] ?? b.quorumRule),
      h("dt", null, a.defaultRule), h("dd", null, ruleName(b.defaultRule)),
      h("dt", null, a.members), h("dd", null, a.plenaryMembers)),
    h("p", { class: "muted" }, a.plenaryReadOnly));

  const committee = (b: BodyDto, deputies: DeputyDto[]) => {
    const edit = apiForm<BodyDto>(`body-form-${b.id}`, a.settings, [
      field(`body-name-${b.id}`, a.name, "name", { value: b.name }),
      field(`body-composition-${b.id}`, a.composition, "composition", { type: "number", min: 1, value: b.composition }, a.compositionHint),
      choice(`body-quorum-${b.id}`, a.quorumRule, "quorumRule", quorumOptions(), b.quorumRule),
      choice(`body-rule-${b.id}`, a.defaultRule, "defaultRule", ruleOptions(), b.defaultRule),
    ], t().admin.common.save,
    (f) => put<BodyDto>(councilPath(ctx.council, "bodies", b.id), { ...b, name: val(f, "name"), composition: num(f, "composition"), quorumRule: val(f, "quorumRule"), defaultRule: val(f, "defaultRule") }),
    () => { say(t().admin.common.saved, true); void load(); });

    const roleOf = (id: string) => b.members.find((m) => m.deputyId === id)?.role ?? "";
    const members = apiForm<BodyDto>(`members-form-${b.id}`, a.membersOf(b.name), [
      h("div", { class: "table-wrap" }, h("table", { id: `members-${b.id}`, class: "data" },
        h("caption", { class: "sr-only" }, a.membersOf(b.name)),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, a.deputy), h("th", { scope: "col" }, a.role))),
        h("tbody", null, deputies.map((d) => h("tr", null,
          h("th", { scope: "row", id: `m-${b.id}-${d.id}-name` }, d.fullName),
          h("td", null, h("select", { id: `member-${b.id}-${d.id}`, "data-deputy": d.id, "aria-labelledby": `m-${b.id}-${d.id}-name` },
            h("option", { value: "", selected: roleOf(d.id) === "" }, a.notMember),
            roles.map((r) => h("option", { value: r, selected: roleOf(d.id) === r }, a.roles[r]))))))))),
    ], a.saveMembers,
    (f) => {
      const picked = [...f.querySelectorAll<HTMLSelectElement>("select[data-deputy]")].filter((s) => s.value)
        .map((s) => ({ deputyId: s.dataset.deputy!, role: s.value as MemberRole }));
      return put<BodyDto>(councilPath(ctx.council, "bodies", b.id, "members"), { members: picked });
    },
    (saved) => { say(a.membersSaved(saved.members.length), true); void load(); });

    return h("article", { id: `body-${b.id}`, class: "card sub", "aria-labelledby": `body-${b.id}-h` },
      h("h3", { id: `body-${b.id}-h` }, b.name),
      h("p", null, a.summary(b.members.length, b.composition)),
      edit, members,
      h("button", { id: `body-delete-${b.id}`, type: "button", class: "danger", "aria-label": a.deleteNamed(b.name), onclick: async () => {
        if (!(await confirmed(a.deleteConfirm(b.name)))) return;
        if (report(await del(councilPath(ctx.council, "bodies", b.id)), a.deleted(b.name))) void load();
      } }, t().admin.common.delete));
  };

  const add = apiForm<BodyDto>("committee-add", a.addTitle, [
    field("committee-name", a.name, "name", { autocomplete: "off" }),
    field("committee-id", a.id, "id", { autocomplete: "off", spellcheck: false }, a.idHint),
    field("committee-composition", a.composition, "composition", { type: "number", min: 1 }, a.compositionHint),
    choice("committee-quorum", a.quorumRule, "quorumRule", quorumOptions(), "more-than-half"),
    choice("committee-rule", a.defaultRule, "defaultRule", ruleOptions(), "majority-of-composition"),
  ], a.add,
  (f) => post<BodyDto>(councilPath(ctx.council, "bodies"), {
    id: opt(f, "id") ?? undefined, kind: "committee", name: val(f, "name"), composition: num(f, "composition"),
    quorumRule: val(f, "quorumRule"), defaultRule: val(f, "defaultRule"), members: [],
  }),
  (saved) => { say(a.added(saved.name), true); add.reset(); void load(); });

  await load();
  return screen("bodies", a.title, box, add);
}
