import { h, patch } from "../shared/dom";
import { t, currentLang } from "../i18n";
import { get, post, put, del, councilPath, problemText, type AccountDto } from "./api";
import { apiForm, field, choice, val, screen, table, say, report, confirmed, type Ctx } from "./ui";

// The council's staff accounts: list, add (login, password, role), reset (a temporary password shown once, and the
// second factor too when asked), disable and enable, change of role, delete. Every change ends the account's sessions.

const roles = ["admin", "secretary", "chair", "observer", "captioner"] as const;

const words = {
  uk: {
    state: "Стан", disabled: "вимкнено", active: "активний", factor: "2FA", noFactor: "без 2FA", mustChange: "має змінити пароль",
    reset: "Скинути пароль", resetAll: "Скинути пароль і 2FA", disable: "Вимкнути", enable: "Увімкнути", role: "Роль",
    resetConfirm: (l: string) => `Скинути пароль облікового запису ${l}? Усі його сеанси завершаться.`,
    resetAllConfirm: (l: string) => `Скинути пароль і другий фактор ${l}? Усі його сеанси завершаться; при вході він налаштує 2FA знову.`,
    disableConfirm: (l: string) => `Вимкнути обліковий запис ${l}? Його відкриті консолі закриються.`,
    temporary: (l: string, p: string) => `Тимчасовий пароль для ${l} (показано один раз; передайте його особисто): ${p}`,
    done: (l: string) => `Готово: ${l}`,
  },
  en: {
    state: "State", disabled: "disabled", active: "active", factor: "2FA", noFactor: "no 2FA", mustChange: "must change password",
    reset: "Reset password", resetAll: "Reset password and 2FA", disable: "Disable", enable: "Enable", role: "Role",
    resetConfirm: (l: string) => `Reset the password of ${l}? All its sessions end.`,
    resetAllConfirm: (l: string) => `Reset the password and second factor of ${l}? All its sessions end; it enrols 2FA again at login.`,
    disableConfirm: (l: string) => `Disable the account ${l}? Its open consoles close.`,
    temporary: (l: string, p: string) => `Temporary password for ${l} (shown once; hand it over in person): ${p}`,
    done: (l: string) => `Done: ${l}`,
  },
};

export async function accountsScreen(ctx: Ctx): Promise<HTMLElement> {
  const a = t().admin.accounts;
  const c = t().admin.common;
  const box = h("div", { id: "accounts-list" });
  const w = () => words[currentLang()];
  const temporary = h("p", { id: "account-temporary", role: "status", class: "note" });
  const roleName = (r: string) => (a.roles as Record<string, string>)[r] ?? r;

  const load = async () => {
    const r = await get<AccountDto[]>(councilPath(ctx.council, "accounts"));
    if (!r.ok) { patch(box, h("p", { class: "error" }, problemText(r.problem))); return; }
    patch(box, r.value.length === 0 ? h("p", { class: "muted" }, a.none) :
      table("accounts-table", a.caption(r.value.length), [a.login, a.role, w().state, c.actions], r.value.map((x) => h("tr", { "data-login": x.login },
        h("td", null, x.login),
        h("td", null, h("select", { id: `account-role-${x.login}`, "aria-label": `${w().role}: ${x.login}`, onchange: async (e: Event) => {
          const role = (e.target as HTMLSelectElement).value;
          if (report(await put(councilPath(ctx.council, "accounts", x.login, "role"), { role }), w().done(x.login))) void load();
        } }, roles.map((r) => h("option", { value: r, selected: r === x.role }, roleName(r))))),
        h("td", { id: `account-state-${x.login}` }, [x.disabled ? w().disabled : w().active, x.secondFactor ? w().factor : w().noFactor, x.mustChangePassword ? w().mustChange : null].filter(Boolean).join(" · ")),
        h("td", null,
          h("button", { id: `account-reset-${x.login}`, type: "button", onclick: () => reset(x.login, false) }, w().reset), " ",
          h("button", { id: `account-reset-all-${x.login}`, type: "button", onclick: () => reset(x.login, true) }, w().resetAll), " ",
          x.disabled
            ? h("button", { id: `account-enable-${x.login}`, type: "button", onclick: async () => {
              if (report(await post(councilPath(ctx.council, "accounts", x.login, "enable"), {}), w().done(x.login))) void load();
            } }, w().enable)
            : h("button", { id: `account-disable-${x.login}`, type: "button", class: "danger", onclick: async () => {
              if (!(await confirmed(w().disableConfirm(x.login)))) return;
              if (report(await post(councilPath(ctx.council, "accounts", x.login, "disable"), {}), w().done(x.login))) void load();
            } }, w().disable), " ",
          h("button", { id: `account-delete-${x.login}`, type: "button", class: "danger", "aria-label": a.deleteNamed(x.login), onclick: async () => {
            if (!(await confirmed(a.deleteConfirm(x.login)))) return;
            if (report(await del(councilPath(ctx.council, "accounts", x.login)), a.deleted(x.login))) void load();
          } }, c.delete))))));
  };

  const reset = async (login: string, secondFactor: boolean) => {
    if (!(await confirmed(secondFactor ? w().resetAllConfirm(login) : w().resetConfirm(login)))) return;
    const r = await post<{ temporaryPassword: string }>(councilPath(ctx.council, "accounts", login, "reset"), { secondFactor });
    if (!r.ok) { say(problemText(r.problem), false); return; }
    patch(temporary, w().temporary(login, r.value.temporaryPassword));
    void load();
  };

  const form = apiForm<AccountDto>("account-form", a.addTitle, [
    field("account-login", a.login, "login", { autocomplete: "off", spellcheck: false }),
    field("account-password", a.password, "password", { type: "password", autocomplete: "new-password" }, a.passwordHint),
    choice("account-role", a.role, "role", roles.map((r): [string, string] => [r, roleName(r)]), "secretary"),
  ], a.add,
  (f) => post<AccountDto>(councilPath(ctx.council, "accounts"), {
    login: val(f, "login"), password: (f.querySelector("#account-password") as HTMLInputElement).value, role: val(f, "role"),
  }),
  () => { say(a.added(val(form, "login")), true); form.reset(); void load(); });

  await load();
  return screen("accounts", a.title, temporary, box, form);
}
