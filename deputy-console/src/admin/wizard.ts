import { accountFlow } from "../shared/second-factor";
import { h } from "../shared/dom";
import { t } from "../i18n";
import { post, remember, type CouncilDto, type LoginAnswer } from "./api";
import { apiForm, field, val, type Ctx } from "./ui";
import { councilForm, convocationForm } from "./council";
import { importer } from "./import";
import { hallEditor } from "./hall-editor";

// The first start: the setup token makes the host admin, then a council is made step by step.

type Step = "council" | "convocation" | "deputies" | "hall" | "done";
const steps: Step[] = ["council", "convocation", "deputies", "hall", "done"];
let step: Step = "council";
let made: CouncilDto | null = null;
let rerender: () => void = () => undefined;

/** The setup token (server log, DATA_DIR/setup-token.txt) with the host admin's login and password. */
export function setupScreen(done: () => void): HTMLElement {
  const a = t().admin.setup;
  const root: HTMLElement = h("div", null,
    h("h1", null, a.title),
    h("p", null, a.intro),
    apiForm<LoginAnswer>("setup-form", a.formTitle, [
      field("setup-token", a.token, "token", { autocomplete: "off", required: true }, a.tokenHint),
      field("setup-login", a.login, "login", { autocomplete: "username", required: true }),
      field("setup-password", a.password, "password", { type: "password", autocomplete: "new-password", required: true }, a.passwordHint),
    ], a.submit,
    (f) => post<LoginAnswer>("/api/setup", {
      token: val(f, "token"), login: val(f, "login"), password: (f.querySelector("#setup-password") as HTMLInputElement).value,
    }),
    // The first admin's login is limited until it enrols its second factor (docs/security.md).
    (answer) => {
      if (answer.next) { root.replaceChildren(accountFlow(answer, (full) => { remember(full); done(); })); return; }
      remember(answer); done();
    }, { class: "api-form card narrow" }, "h2"));
  return root;
}

export function startWizard(): void { step = "council"; made = null; }

function go(next: Step): void { step = next; rerender(); document.getElementById("wizard-step-h")?.focus(); }

export function wizardScreen(): HTMLElement {
  const a = t().admin.wizard;
  const root = h("div", { id: "wizard" });
  rerender = () => root.replaceChildren(...content());
  const content = (): HTMLElement[] => {
    const ctx: Ctx = { council: made?.id ?? "", role: "admin", hostAdmin: true, onLeave: () => undefined, go: () => undefined };
    const next = (to: Step, label = a.next) => h("button", { id: "wizard-next", type: "button", class: "primary", onclick: () => go(to) }, label);
    let body: Array<HTMLElement | null>;
    switch (step) {
      case "council":
        body = [councilForm(null, (c) => { made = c; go("convocation"); })];
        break;
      case "convocation":
        body = [convocationForm(ctx, null, () => go("deputies"))];
        break;
      case "deputies":
        body = [h("p", null, a.deputiesIntro), importer(ctx, () => undefined), next("hall")];
        break;
      case "hall":
        body = [hallEditor(ctx, null, () => go("done")), h("button", { id: "wizard-skip", type: "button", onclick: () => go("done") }, a.skip)];
        break;
      default: {
        const id = encodeURIComponent(made?.id ?? "");
        body = [h("p", { class: "note ok" }, a.doneText(made?.name ?? "")),
          h("ul", { class: "plain" },
            h("li", null, h("a", { id: "wizard-open-console", href: `/${id}/admin` }, a.openConsole)),
            h("li", null, h("a", { href: `/${id}/` }, a.openPublic)))];
      }
    }
    return [
      h("h1", null, a.title),
      h("ol", { class: "steps", "aria-label": a.progress }, steps.map((s) =>
        h("li", { class: s === step ? "current" : steps.indexOf(s) < steps.indexOf(step) ? "past" : "", "aria-current": s === step ? "step" : null }, a.steps[s]))),
      h("p", { id: "admin-message", role: "status", class: "message" }),
      h("section", { class: "card", "aria-labelledby": "wizard-step-h" },
        h("h2", { id: "wizard-step-h", tabindex: -1 }, a.steps[step]), body),
    ];
  };
  rerender();
  return root;
}
