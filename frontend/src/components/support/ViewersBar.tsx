import type { Person } from "@parley/contract";

/** Who else has this ticket open (admins only), so two people don't answer at once. */
export default function ViewersBar({ viewers, meId }: { viewers: Person[]; meId: string }) {
  const others = viewers.filter((v) => v.id !== meId);
  if (!others.length) return null;
  const names = others.map((v) => v.name ?? "Another admin");
  return (
    <p role="status" className="flex items-center gap-2 bg-sky-50 px-4 py-1.5 text-xs text-sky-900">
      <span aria-hidden="true" className="flex -space-x-1.5">
        {others.slice(0, 3).map((v) => (
          <span
            key={v.id}
            className="flex size-5 items-center justify-center rounded-full bg-sky-200 text-[10px] font-semibold ring-2 ring-sky-50"
          >
            {(v.name?.[0] ?? "?").toUpperCase()}
          </span>
        ))}
      </span>
      {names.length === 1
        ? `${names[0]} is also viewing this ticket`
        : `${names.join(", ")} are also viewing this ticket`}
    </p>
  );
}
