import type { HubConnection } from "@microsoft/signalr";
import type { LinkState } from "../shared/hub";
import type { CommandAck, IssuedTerminal, PinAlert, SeatView, SittingView, StreamHealth } from "../shared/wire";
import { announce } from "../shared/dom";
import { refusal, t } from "../i18n";

/** What the secretary's console knows: the server's pushes plus the keys issued from this tab. */
export const chair = {
  sitting: null as SittingView | null,
  seats: [] as SeatView[],
  health: null as StreamHealth | null,
  healthAt: 0,
  pinAlerts: [] as PinAlert[],
  link: "connecting" as LinkState,
  issued: [] as Array<IssuedTerminal & { label: string; revoked: boolean }>,
  message: null as { text: string; ok: boolean } | null,
  connection: null as HubConnection | null,
};

let rerender: () => void = () => undefined;
export function onChange(render: () => void): void { rerender = render; }
export function changed(): void { rerender(); }

export function say(text: string, ok: boolean): void {
  chair.message = { text, ok };
  announce(text);
  changed();
}

/** Calls a chair hub method and reports its CommandAck to the secretary. */
export async function command(method: string, arg?: Record<string, unknown>): Promise<CommandAck | null> {
  const c = chair.connection;
  if (!c || chair.link !== "online") { say(t().common.offlineNotSent, false); return null; }
  try {
    const ack = arg === undefined ? await c.invoke<CommandAck>(method) : await c.invoke<CommandAck>(method, arg);
    say(ack.accepted ? t().chair.done(ack.journalSeq ?? 0) : refusal(ack), ack.accepted);
    return ack;
  } catch (e) {
    // A closed connection is not a refusal: the server may have done it (a node drained mid-call). Say so, and let
    // the secretary look before pressing again, rather than report "refused" for something that happened.
    const interrupted = c.state !== "Connected" || (e instanceof Error && /connection/i.test(e.message));
    say(interrupted ? t().common.interrupted : `${t().common.refused}: ${e instanceof Error ? e.message : String(e)}`, false);
    return null;
  }
}
