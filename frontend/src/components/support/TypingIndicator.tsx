/** "Ada is typing…", "Ada and Bob are typing…": those writing to this side. */
function typingText(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** "Sam is writing a note…": colleagues drafting an internal note, which the shop never sees. */
function noteText(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is writing a note…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are writing notes…`;
  return "Several colleagues are writing notes…";
}

/**
 * "Ada is typing…" for the other participants of a thread, and (admins) "Sam is writing a note…" for
 * colleagues drafting an internal note: what will appear in the thread next.
 */
export default function TypingIndicator({ names, notes = [] }: { names: string[]; notes?: string[] }) {
  const typing = typingText(names);
  const noting = noteText(notes);
  // Each sentence is its own text node: when one starts, stops or changes, the polite live region reads
  // that one alone, not the other again with it.
  return (
    <div aria-live="polite" className="min-h-5 px-4 text-xs text-slate-600 italic">
      {(typing || noting) && (
        <span className="inline-flex flex-wrap items-center gap-x-1.5">
          <span aria-hidden="true" className="inline-flex gap-0.5">
            <span className="size-1 animate-bounce rounded-full bg-slate-400" />
            <span className="size-1 animate-bounce rounded-full bg-slate-400 [animation-delay:150ms]" />
            <span className="size-1 animate-bounce rounded-full bg-slate-400 [animation-delay:300ms]" />
          </span>
          {typing && <span>{typing}</span>}
          {typing && noting && " "}
          {noting && <span className="text-amber-800">{noting}</span>}
        </span>
      )}
    </div>
  );
}
