/**
 * A TCP forwarder that stands for a Jux server's address and can be taken down and brought back, so a test can
 * have "the same server, unreachable" between runs (the action's offline queue is kept per server address).
 * While down it resets every connection at once, as a host behind a broken network path would.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface Switchable {
  /** http://127.0.0.1:PORT/api/v1 */
  url: string;
  /** Where connections go while up (a jux serve's http://host:port). */
  target(url: string): void;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startSwitchable(target: string): Promise<Switchable> {
  let to = new URL(target);
  let isDown = false;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: to.hostname, port: Number(to.port) });
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    target: (url) => void (to = new URL(url)),
    down: () => {
      isDown = true;
      for (const s of open) s.destroy();
    },
    up: () => void (isDown = false),
    close: () =>
      new Promise((done) => {
        for (const s of open) s.destroy();
        server.close(() => done());
      }),
  };
}
