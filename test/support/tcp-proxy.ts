import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A loopback TCP proxy in front of a real server, to play a database outage as clients see it: `cut()` drops
 * every connection and refuses new ones, `stall()` accepts connections but forwards nothing, `restore()` ends both.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: "open" | "cut" | "stall" = "open";
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private accept(client: net.Socket): void {
    if (this.mode === "cut") return void client.destroy();
    this.sockets.add(client);
    client.on("close", () => this.sockets.delete(client));
    client.on("error", () => {});
    if (this.mode === "stall") return;
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on("close", () => this.sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  }

  cut(): void {
    this.mode = "cut";
    for (const socket of this.sockets) socket.destroy();
  }

  stall(): void {
    this.mode = "stall";
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.mode = "open";
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
