/** "Ada is typing…" for the other participants of a thread. */
export default function TypingIndicator({ names }: { names: string[] }) {
  const text =
    names.length === 0
      ? ""
      : names.length === 1
        ? `${names[0]} is typing…`
        : names.length === 2
          ? `${names[0]} and ${names[1]} are typing…`
          : "Several people are typing…";
  return (
    <div aria-live="polite" className="h-5 px-4 text-xs text-slate-600 italic">
      {text && (
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-flex gap-0.5">
            <span className="size-1 animate-bounce rounded-full bg-slate-400" />
            <span className="size-1 animate-bounce rounded-full bg-slate-400 [animation-delay:150ms]" />
            <span className="size-1 animate-bounce rounded-full bg-slate-400 [animation-delay:300ms]" />
          </span>
          {text}
        </span>
      )}
    </div>
  );
}
