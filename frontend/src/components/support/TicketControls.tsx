import { useId } from "react";
import {
  TICKET_PRIORITIES,
  type Person,
  type Ticket,
  type TicketPatch,
  type TicketPriority,
  type TicketStatus,
} from "../../services/api/support";
import { allowedTransitions, PRIORITY_LABEL, STATUS_LABEL } from "./ticket-rules";

export type TicketControlsProps = {
  ticket: Ticket;
  admins: Person[];
  meId: string;
  busy?: boolean;
  onChange: (patch: TicketPatch) => void;
};

const select =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none disabled:opacity-60";

/** Admin controls: assignee, status (only the moves the lifecycle allows) and priority. */
export default function TicketControls({ ticket, admins, meId, busy, onChange }: TicketControlsProps) {
  const ids = { assignee: useId(), status: useId(), priority: useId() };
  const statuses: TicketStatus[] = [ticket.status, ...allowedTransitions(ticket.status, "admin")];
  const others = admins.filter((a) => a.id !== meId);
  const myName = admins.find((a) => a.id === meId)?.name;
  const assigneeKnown = !ticket.assigneeId || admins.some((a) => a.id === ticket.assigneeId);

  return (
    <div className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-1">
      <div>
        <div className="flex items-center justify-between">
          <label htmlFor={ids.assignee} className="font-medium text-slate-700">
            Assignee
          </label>
          {ticket.assigneeId !== meId && (
            <button
              type="button"
              disabled={busy}
              onClick={() => onChange({ assigneeId: meId })}
              className="text-xs font-semibold text-indigo-700 hover:underline disabled:opacity-60"
            >
              Assign to me
            </button>
          )}
        </div>
        <select
          id={ids.assignee}
          value={ticket.assigneeId ?? ""}
          disabled={busy}
          onChange={(e) => onChange({ assigneeId: e.target.value || null })}
          className={select}
        >
          <option value="">Unassigned</option>
          <option value={meId}>{myName ? `Me (${myName})` : "Me"}</option>
          {others.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          {!assigneeKnown && <option value={ticket.assigneeId!}>Another admin</option>}
        </select>
      </div>
      <div>
        <label htmlFor={ids.status} className="font-medium text-slate-700">
          Status
        </label>
        <select
          id={ids.status}
          value={ticket.status}
          disabled={busy}
          onChange={(e) => onChange({ status: e.target.value as TicketStatus })}
          className={select}
        >
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s === ticket.status ? STATUS_LABEL[s] : s === "open" ? "Reopen" : STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.priority} className="font-medium text-slate-700">
          Priority
        </label>
        <select
          id={ids.priority}
          value={ticket.priority}
          disabled={busy}
          onChange={(e) => onChange({ priority: e.target.value as TicketPriority })}
          className={select}
        >
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABEL[p]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
