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
}

// Retry quickly at first, then every 3 s, for ever: a tablet in the hall must come back by itself.
const retryDelays = [0, 500, 1000, 2000];
const retry = (n: number) => retryDelays[n] ?? 3000;

/** A MessagePack hub connection that keeps itself connected and re-runs onUp after each reconnect. */
export function openLink(opts: LinkOptions): LiveLink {
  const connection = new HubConnectionBuilder()
    .withUrl(opts.path, {
      accessTokenFactory: opts.accessToken ? () => opts.accessToken!() ?? "" : undefined,
      transport: HttpTransportType.WebSockets | HttpTransportType.LongPolling,
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

  const start = async (attempt = 0): Promise<void> => {
    if (stopped) return;
    try {
      await connection.start();
      await up();
    } catch (e) {
      if (String(e).includes("401") && opts.onUnauthorized) { opts.onUnauthorized(); return; }
      set("offline");
      await new Promise((r) => setTimeout(r, retry(attempt)));
      return start(attempt + 1);
    }
  };

  connection.onreconnecting(() => set("offline"));
  connection.onreconnected(() => void up());
  // Automatic reconnect gives up only if the policy says so, or after stop(); restart unless we stopped.
  connection.onclose(() => { if (!stopped) { set("offline"); void start(1); } });

  void start();
  return {
    connection,
    get state() { return state; },
    async stop() { stopped = true; await connection.stop(); },
  };
}
