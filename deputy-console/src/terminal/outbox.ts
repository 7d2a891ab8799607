import type { Choice, CommandAck } from "../shared/wire";
import { newCommandId } from "../shared/wire";

/** A cast waiting for the server's ack. Its commandId never changes, so a re-send after a reconnect is counted once. */
export interface QueuedCast { commandId: string; seat: number; voteId: string; choice: Choice }

/**
 * The casts this terminal has made and the server has not yet acknowledged, kept in localStorage so that
 * a dropped connection, or even a reload, loses nothing. Sent one at a time, in order.
 */
export class Outbox {
  private items: QueuedCast[];
  private inFlight: string | null = null;
  private flushing = false;
  private again = false;

  constructor(private readonly storageKey: string) {
    this.items = Outbox.load(storageKey);
  }

  get pending(): readonly QueuedCast[] { return this.items; }

  pendingFor(voteId: string, seat: number): QueuedCast | undefined {
    return [...this.items].reverse().find((c) => c.voteId === voteId && c.seat === seat);
  }

  /** Queues a press. A newer press replaces an older one not yet sent (the last press counts); one already sent stays. */
  enqueue(seat: number, voteId: string, choice: Choice): QueuedCast {
    this.items = this.items.filter((c) => !(c.voteId === voteId && c.seat === seat && c.commandId !== this.inFlight));
    const cast: QueuedCast = { commandId: newCommandId(), seat, voteId, choice };
    this.items.push(cast);
    this.save();
    return cast;
  }

  /**
   * Sends queued casts in order until one fails to reach the server (then it stays, for the next flush).
   * Every answer the server gives, accepted or refused, ends that cast's life in the outbox.
   */
  async flush(send: (c: QueuedCast) => Promise<CommandAck>, answered: (c: QueuedCast, ack: CommandAck) => void): Promise<void> {
    if (this.flushing) { this.again = true; return; }
    this.flushing = true;
    try {
      do {
        this.again = false;
        while (this.items.length > 0) {
          const next = this.items[0];
          this.inFlight = next.commandId;
          let ack: CommandAck;
          try {
            ack = await send(next);
          } catch {
            return; // not delivered, or delivered without an answer: keep it and re-send the same commandId later
          } finally {
            this.inFlight = null;
          }
          this.items = this.items.filter((c) => c.commandId !== next.commandId);
          this.save();
          answered(next, ack);
        }
      } while (this.again);
    } finally {
      this.flushing = false;
    }
  }

  private save(): void {
    try { localStorage.setItem(this.storageKey, JSON.stringify(this.items)); } catch { /* storage full or private mode: memory still holds it */ }
  }

  private static load(key: string): QueuedCast[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
      return Array.isArray(parsed) ? parsed.filter((c): c is QueuedCast =>
        typeof c?.commandId === "string" && typeof c?.seat === "number" && typeof c?.voteId === "string" && ["yes", "no", "abstain"].includes(c?.choice)) : [];
    } catch {
      return [];
    }
  }
}
