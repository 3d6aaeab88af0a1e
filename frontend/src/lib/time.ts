/** Relative and absolute time formatting shared by the support views. */
const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
const full = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return "";
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 86400 * 7) return rtf.format(Math.round(seconds / 86400), "day");
  return new Intl.DateTimeFormat("en", { month: "short", day: "numeric" }).format(new Date(then));
}

export function absoluteTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : full.format(d);
}
