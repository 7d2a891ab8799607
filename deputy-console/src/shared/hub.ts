import { HubConnection, HubConnectionBuilder, HubConnectionState, HttpTransportType, LogLevel } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

export type LinkState = "connecting" | "online" | "offline";

export interface LiveLink {
  readonly connection: HubConnection;
  readonly state: LinkState;
  stop(): Promise<void>;
}

export interface LinkOptions {
  path: string;
  accessToken?: () => string | null;
  /** Runs after every (re)connection, before the state turns "online": say Hello, Watch, reload state. */
  onUp: (c: HubConnection) => Promise<void>;
  onState: (s: LinkState) => void;
  /** Called when the server refuses the connection as unauthorised (chair only). */
  onUnauthorized?: () => void;
  /** Called when the server closes the connection because it is full (the public relay's capacity): the code it gave. */
  onRefused?: (code: string) => void;
}

// A server at capacity closes the connection with a coded reason (docs/hall-server.md "The public relay"); knocking
// again at once would only add load, so the page waits longer before it tries again.
const refusalCodes = /\b(too-many-viewers|hall-screens-only)\b/;
const refusedRetryMs = 30_000;
const refusal = (e: unknown): string | null => refusalCodes.exec(String(e instanceof Error ? e.message : e ?? ""))?.[1] ?? null;

// Retry quickly at first, then every 3 s, for ever: a tablet in the hall must come back by itself.
const retryDelays = [0, 500, 1000, 2000];
const retry = (n: number) => retryDelays[n] ?? 3000;

/** A MessagePack hub connection that keeps itself connected and re-runs onUp after each reconnect. */
export function openLink(opts: LinkOptions): LiveLink {
  const connection = new HubConnectionBuilder()
    .withUrl(opts.path, {
      accessTokenFactory: opts.accessToken ? () => opts.accessToken!() ?? "" : undefined,
      // WebSockets straight away, no negotiate request: on a regional host any node behind nginx serves any
      // connection, so nothing needs to be sticky (ARCHITECTURE.md "Deployments"); the single hall works the same.
      transport: HttpTransportType.WebSockets,
      skipNegotiation: true,
    })
    .withHubProtocol(new MessagePackHubProtocol())
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => retry(ctx.previousRetryCount) })
    .configureLogging(LogLevel.Warning)
    .build();

  let state: LinkState = "connecting";
  let stopped = false;
  const set = (s: LinkState) => { state = s; opts.onState(s); };

  const up = async () => {
    try {
      await opts.onUp(connection);
      set("online");
    } catch (e) {
      console.warn("after connecting", e);
      set("offline");
      // The connection is up but our handshake failed (e.g. it dropped again): start over.
      if (connection.state === HubConnectionState.Connected) await connection.stop();
    }
  };

  const refused = (code: string) => {
    opts.onRefused?.(code);
    set("offline");
    setTimeout(() => void start(1), refusedRetryMs);
  };

  const start = async (attempt = 0): Promise<void> => {
    if (stopped) return;
    try {
      await connection.start();
      await up();
    } catch (e) {
      if (String(e).includes("401") && opts.onUnauthorized) { opts.onUnauthorized(); return; }
      const code = refusal(e);
      if (code) { refused(code); return; }
      set("offline");
      await new Promise((r) => setTimeout(r, retry(attempt)));
      return start(attempt + 1);
    }
  };

  connection.onreconnecting(() => set("offline"));
  connection.onreconnected(() => void up());
  // Automatic reconnect gives up only if the policy says so, or after stop(); restart unless we stopped.
  connection.onclose((e) => {
    if (stopped) return;
    const code = refusal(e);
    if (code) { refused(code); return; }
    set("offline");
    void start(1);
  });

  void start();
  return {
    connection,
    get state() { return state; },
    async stop() { stopped = true; await connection.stop(); },
  };
}
