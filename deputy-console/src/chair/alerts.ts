import { h, announce } from "../shared/dom";
import { t } from "../i18n";
import { toMillis, type PinAlert } from "../shared/wire";
import { chair, changed, command } from "./store";

// Security alerts: repeated wrong PINs held a deputy's PIN identification or a terminal's PIN entry (issue 10).

/**
 * A pushed alert (also the recent ones again after a reconnect): kept once, newest first, announced when new; pushed
 * again when a secretary lifted it, which replaces the one shown.
 */
export function pinAlertArrived(alert: PinAlert): void {
  const at = chair.pinAlerts.findIndex((a) => a.id === alert.id);
  if (at >= 0) {
    if (!alert.liftedAt || chair.pinAlerts[at].liftedAt) return;
    chair.pinAlerts[at] = alert;
    announce(t().chair.pinLifted(alert.liftedBy ?? ""));
    changed();
    return;
  }
  chair.pinAlerts = [alert, ...chair.pinAlerts].slice(0, 20);
  announce(alertText(alert));
  changed();
}

const holding = (a: PinAlert) => !a.liftedAt && (toMillis(a.heldUntil) ?? 0) > Date.now();

function alertText(a: PinAlert): string {
  const s = t().chair;
  const until = new Date(toMillis(a.heldUntil) ?? Date.now()).toLocaleTimeString("uk-UA", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return a.kind === "deputy"
    ? s.pinAlertDeputy(a.deputyName ?? a.deputyId ?? "?", a.seat, a.terminalLabel, until)
    : s.pinAlertTerminal(a.terminalLabel, a.seat, a.deputyName, until);
}

export function pinAlertsPanel(): HTMLElement | null {
  if (chair.pinAlerts.length === 0) return null;
  return h("section", { id: "pin-alerts", class: "card alerts", "aria-labelledby": "pin-alerts-h" },
    h("h2", { id: "pin-alerts-h" }, t().chair.pinAlertsTitle),
    h("ul", null, chair.pinAlerts.map((a) => h("li", { class: `pin-alert ${a.kind}`, "data-deputy": a.deputyId ?? "", "data-kind": a.kind, "data-alert": a.id },
      h("span", null, alertText(a)),
      a.liftedAt ? h("span", { class: "lifted" }, ` — ${t().chair.pinLifted(a.liftedBy ?? "")}`) : null,
      holding(a) ? h("button", { id: `lift-${a.id}`, type: "button", "aria-label": t().chair.pinLiftNamed(a.deputyName ?? a.terminalLabel),
        onclick: () => void command("LiftPinHold", { alertId: a.id }) }, t().chair.pinLift) : null))));
}
