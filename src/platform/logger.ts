// pino: JSON in production, readable in a terminal; secrets redacted wherever they appear.
import { type Logger, pino } from "pino";
import type { Config } from "../config.ts";

export type { Logger } from "pino";

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "authorization",
  "password",
  "api_key",
  "admin_token",
  "key",
  "*.password",
  "*.api_key",
  "*.admin_token",
];

type LoggerSettings = Pick<Config, "LOG_FORMAT" | "NODE_ENV"> & { LOG_LEVEL: Config["LOG_LEVEL"] | "silent" };

export function createLogger(config: LoggerSettings): Logger {
  const pretty =
    config.LOG_FORMAT === "pretty" ||
    (config.LOG_FORMAT === "auto" && config.NODE_ENV !== "production" && process.stdout.isTTY === true);
  return pino({
    level: config.LOG_LEVEL,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
          },
        }
      : {}),
  });
}
