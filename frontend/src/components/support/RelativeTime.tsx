import { useSyncExternalStore } from "react";
import { absoluteTime, relativeTime } from "../../lib/time";

// One shared 30-second clock for every relative time on screen.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** `label` (e.g. "Updated") says which time this is: in the tooltip, and to screen readers before the time. */
export default function RelativeTime({
  iso,
  className,
  label,
}: {
  iso: string;
  className?: string;
  label?: string;
}) {
  const current = useSyncExternalStore(subscribe, () => now);
  const reference = Math.max(current, Date.now() - 30_000);
  const absolute = absoluteTime(iso);
  return (
    <time dateTime={iso} title={label ? `${label} ${absolute}` : absolute} className={className}>
      {label && <span className="sr-only">{label} </span>}
      {relativeTime(iso, reference)}
    </time>
  );
}
