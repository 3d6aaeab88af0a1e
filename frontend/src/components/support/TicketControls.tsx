import {
  allowedTransitions,
  TICKET_PRIORITIES,
  type Person,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
  type UpdateTicketBody,
} from "@parley/contract";
import SelectField from "../ui/SelectField";
import { PRIORITY_LABEL, STATUS_LABEL } from "./ticket-labels";

export type TicketControlsProps = {
  ticket: Ticket;
  admins: Person[];
  meId: string;
  /** The change being saved, if any: the controls show it (disabled) until the server answers. */
  saving?: UpdateTicketBody;
  onChange: (patch: UpdateTicketBody) => void;
};

const PRIORITY_OPTIONS = TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }));

/**
 * Admin controls: assignee, status (only the moves the lifecycle allows) and priority. A ticket merged
 * into another is frozen (the server refuses any change): the controls are shown disabled, with why.
 */
export default function TicketControls({ ticket, admins, meId, saving, onChange }: TicketControlsProps) {
  const busy = !!saving;
  const merged = !!ticket.mergedIntoId;
  const locked = busy || merged;
  const moves = merged ? [] : allowedTransitions(ticket.status, "admin");
  const statuses = [ticket.status, ...moves].map((s) => ({
    value: s,
    label: s !== ticket.status && s === "open" ? "Reopen" : STATUS_LABEL[s],
  }));
  const myName = admins.find((a) => a.id === meId)?.name;
  const assigneeKnown = !ticket.assigneeId || admins.some((a) => a.id === ticket.assigneeId);
  const assignees = [
    { value: "", label: "Unassigned" },
    { value: meId, label: myName ? `Me (${myName})` : "Me" },
    ...admins.filter((a) => a.id !== meId).map((a) => ({ value: a.id, label: a.name ?? a.id })),
    ...(assigneeKnown ? [] : [{ value: ticket.assigneeId!, label: "Another admin" }]),
  ];

  return (
    <div className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-1">
      {merged && (
        <p
          data-testid="merged-controls-note"
          className="rounded-md bg-slate-100 px-2 py-1.5 text-xs text-slate-700 sm:col-span-3 lg:col-span-1"
        >
          This ticket was merged into another ticket, so its status, priority and assignee can no longer be
          changed.
        </p>
      )}
      <SelectField
        label="Assignee"
        size="sm"
        options={assignees}
        value={(saving && "assigneeId" in saving ? saving.assigneeId : ticket.assigneeId) ?? ""}
        disabled={locked}
        onChange={(v) => onChange({ assigneeId: v || null })}
        labelAction={
          ticket.assigneeId !== meId &&
          !merged && (
            <button
              type="button"
              disabled={busy}
              onClick={() => onChange({ assigneeId: meId })}
              className="text-xs font-semibold text-indigo-700 hover:underline disabled:opacity-60"
            >
              Assign to me
            </button>
          )
        }
      />
      {[
        {
          label: "Status",
          options: statuses,
          value: saving?.status ?? ticket.status,
          patch: (v: string) => ({ status: v as TicketStatus }),
        },
        {
          label: "Priority",
          options: PRIORITY_OPTIONS,
          value: saving?.priority ?? ticket.priority,
          patch: (v: string) => ({ priority: v as TicketPriority }),
        },
      ].map((f) => (
        <SelectField
          key={f.label}
          label={f.label}
          size="sm"
          options={f.options}
          value={f.value}
          disabled={locked}
          onChange={(v) => onChange(f.patch(v))}
        />
      ))}
    </div>
  );
}
