import winston from "winston";

export type Logger = winston.Logger;

/** JSON lines in production (for log shippers), colourised readable lines in development. */
export function createLogger(options: {
  level: string;
  format: "json" | "pretty";
  silent?: boolean;
}): Logger {
  const format =
    options.format === "json"
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.colorize(),
          winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : "";
            return `${String(timestamp)} ${level} ${String(message)}${rest}`;
          }),
        );
  return winston.createLogger({
    level: options.level,
    format,
    silent: options.silent,
    transports: [new winston.transports.Console()],
  });
}
