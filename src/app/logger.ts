import { pino } from "pino";
import type { FastifyServerOptions } from "fastify";
import type { Config } from "../config/config.ts";

/**
 * The process's logger as fastify takes it: JSON lines at `--log-level` (what log collectors read), or with
 * `--log-format pretty` the same records as coloured lines for a terminal, written synchronously so that nothing
 * is lost when the process exits. A test's override (pino options or false) wins.
 */
export async function loggerOption(config: Config, override: boolean | Record<string, unknown> | undefined): Promise<Pick<FastifyServerOptions, "logger" | "loggerInstance">> {
  if (override !== undefined) return { logger: override };
  if (config.logFormat === "pretty") {
    // Loaded only for a terminal: JSON lines (the default) never need it.
    const { default: pretty } = await import("pino-pretty");
    const stream = pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
    return { loggerInstance: pino({ level: config.logLevel }, stream) as unknown as FastifyServerOptions["loggerInstance"] };
  }
  return { logger: { level: config.logLevel } };
}
