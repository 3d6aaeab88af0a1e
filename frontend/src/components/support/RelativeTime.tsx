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

export default function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const current = useSyncExternalStore(subscribe, () => now);
  const reference = Math.max(current, Date.now() - 30_000);
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className={className}>
      {relativeTime(iso, reference)}
    </time>
  );
}
