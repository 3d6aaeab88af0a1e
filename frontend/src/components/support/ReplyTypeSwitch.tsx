/**
 * An admin's choice of what the box writes: a reply the shop (or the website visitor) reads, or an internal
 * note for admins only.
 */
export function ReplyTypeSwitch({
  internal,
  replyTo,
  onChange,
}: {
  internal: boolean;
  replyTo: "shop" | "visitor";
  onChange: (internal: boolean) => void;
}) {
  return (
    <div role="group" aria-label="Reply type" className="mb-2 flex gap-1 text-xs compact:mb-1">
      <button
        type="button"
        aria-pressed={!internal}
        onClick={() => onChange(false)}
        className={`rounded-md px-2.5 py-1 font-medium ${!internal ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
      >
        {replyTo === "visitor" ? "Reply to visitor" : "Reply to shop"}
      </button>
      <button
        type="button"
        aria-pressed={internal}
        onClick={() => onChange(true)}
        className={`rounded-md px-2.5 py-1 font-medium ${internal ? "bg-amber-400 text-amber-950" : "text-slate-600 hover:bg-slate-100"}`}
      >
        Internal note
      </button>
    </div>
  );
}
