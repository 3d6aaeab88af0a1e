import {
  allowedTransitions,
  TICKET_PRIORITIES,
  type Person,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
  type UpdateTicketBody,
} from "@parley/contract";
import { useEffect, useRef } from "react";
import SelectField from "../ui/SelectField";
import { PRIORITY_LABEL, STATUS_LABEL } from "./ticket-labels";

export type TicketControlsProps = {
  ticket: Ticket;
  admins: Person[];
  meId: string;
  /** The change being saved, if any: the controls show it (busy, taking no other) until the server answers. */
  saving?: UpdateTicketBody;
  onChange: (patch: UpdateTicketBody) => void;
};

const PRIORITY_OPTIONS = TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }));

/**
 * Admin controls: assignee, status (only the moves the lifecycle allows) and priority. A ticket merged
 * into another is frozen (the server refuses any change): the controls are shown disabled, with why.
 *
 * While a change saves, the controls are busy but never `disabled`: a browser takes the focus off a
 * disabled control and leaves it on <body>, and the control being saved is the one with the focus.
 * They ignore input instead (a select snaps back to the value being saved).
 */
export default function TicketControls({ ticket, admins, meId, saving, onChange }: TicketControlsProps) {
  const busy = !!saving;
  const merged = !!ticket.mergedIntoId;
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
  const change = (patch: UpdateTicketBody) => {
    if (!busy) onChange(patch);
  };
  const offerAssignMe = ticket.assigneeId !== meId && !merged;
  const assigneeSelect = useRef<HTMLSelectElement>(null);
  const assignMeHadFocus = useRef(false);
  // "Assign to me" goes once it has done its job: the focus it had moves to the Assignee box beside it,
  // which now names the new assignee, instead of falling to <body>.
  useEffect(() => {
    if (!assignMeHadFocus.current) return;
    if (offerAssignMe) {
      // Refused (the error shows above): the button stays, and so does its focus.
      if (!busy) assignMeHadFocus.current = false;
      return;
    }
    assignMeHadFocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) assigneeSelect.current?.focus();
  }, [offerAssignMe, busy]);

  return (
    <div
      aria-busy={busy || undefined}
      className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-1"
    >
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
        ref={assigneeSelect}
        label="Assignee"
        size="sm"
        className={busy ? "opacity-60" : ""}
        options={assignees}
        value={(saving && "assigneeId" in saving ? saving.assigneeId : ticket.assigneeId) ?? ""}
        disabled={merged}
        onChange={(v) => change({ assigneeId: v || null })}
        labelAction={
          offerAssignMe && (
            <button
              type="button"
              aria-disabled={busy || undefined}
              onClick={(e) => {
                if (busy) return;
                assignMeHadFocus.current = e.currentTarget === document.activeElement;
                onChange({ assigneeId: meId });
              }}
              className="text-xs font-semibold text-indigo-700 hover:underline aria-disabled:opacity-60"
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
          className={busy ? "opacity-60" : ""}
          options={f.options}
          value={f.value}
          disabled={merged}
          onChange={(v) => change(f.patch(v))}
        />
      ))}
    </div>
  );
}
