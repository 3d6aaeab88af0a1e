import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { EmptyState } from "../../../components/support/ListStates";
import { ticketRowButton } from "../../../components/support/TicketList";

/** Below Tailwind's `md` breakpoint (48rem) the layout shows one pane at a time. */
const TWO_PANES_FROM_PX = 768;

/** Whether the list is hidden while a ticket is open (a phone): then focus must follow the ticket. */
export const isSinglePaneLayout = () => window.innerWidth < TWO_PANES_FROM_PX;

/**
 * The help desk's two panes: the ticket list on the left, the conversation (or a form) on the right;
 * on a phone one pane at a time (the right one while something is open).
 */
export default function SupportLayout(props: {
  listLabel: string;
  paneLabel: string;
  paneOpen: boolean;
  /** The ticket open in the pane, if any: its row gets the focus back when the pane closes. */
  openTicketId?: string | null;
  /**
   * The control that opens the pane with no ticket in it (the shop's "New ticket" button): it gets the
   * focus back when that pane (the new-ticket form) closes.
   */
  paneOpener?: RefObject<HTMLElement | null>;
  list: ReactNode;
  pane: ReactNode;
}) {
  const { paneOpen } = props;
  const list = useRef<HTMLElement>(null);
  useFocusRowOnClose(list, props.openTicketId ?? null, paneOpen);
  useFocusOpenerOnClose(props.paneOpener, props.openTicketId ?? null, paneOpen);
  return (
    <div className="flex h-full min-h-0">
      <section
        ref={list}
        aria-label={props.listLabel}
        className={`${paneOpen ? "hidden md:flex" : "flex"} w-full min-w-0 flex-col border-slate-200 bg-white md:w-80 md:border-r lg:w-96`}
      >
        {props.list}
      </section>
      <section
        aria-label={props.paneLabel}
        className={`${paneOpen ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col bg-slate-50`}
      >
        {props.pane}
      </section>
    </div>
  );
}

/**
 * Back from a ticket (the header's button or the browser's): on a phone the pane that had the focus is
 * gone and the list is back, so focus goes to that ticket's row (else the first row) instead of <body>.
 * With two panes focus is left alone unless it was lost with the pane.
 */
function useFocusRowOnClose(
  list: RefObject<HTMLElement | null>,
  openTicketId: string | null,
  paneOpen: boolean,
) {
  const lastOpen = useRef(openTicketId);
  useEffect(() => {
    const closed = lastOpen.current;
    lastOpen.current = openTicketId;
    if (!closed || openTicketId || paneOpen) return;
    const active = document.activeElement;
    if (!isSinglePaneLayout() && active && active !== document.body) return;
    const row =
      ticketRowButton(list.current, closed) ??
      list.current?.querySelector<HTMLElement>("[data-ticket-id] > button");
    row?.focus();
  }, [list, openTicketId, paneOpen]);
}

/**
 * Back or Cancel from a pane with no ticket (the new-ticket form), by its buttons or the browser's: as
 * for a ticket, on a phone focus goes back to the control that opened it instead of <body>. A pane
 * that turns into a ticket (the form filed one) is left to the ticket, which takes the focus itself.
 */
function useFocusOpenerOnClose(
  opener: RefObject<HTMLElement | null> | undefined,
  openTicketId: string | null,
  paneOpen: boolean,
) {
  const formOpen = paneOpen && !openTicketId;
  const wasFormOpen = useRef(formOpen);
  useEffect(() => {
    const closed = wasFormOpen.current && !paneOpen;
    wasFormOpen.current = formOpen;
    if (!closed) return;
    const active = document.activeElement;
    if (!isSinglePaneLayout() && active && active !== document.body) return;
    opener?.current?.focus();
  }, [opener, formOpen, paneOpen]);
}

/** The right pane when nothing is open. */
export function NothingOpen({ title, hint, action }: { title: string; hint: string; action?: ReactNode }) {
  return (
    <div className="flex flex-1 items-center justify-center">
      <EmptyState title={title} hint={hint} action={action} />
    </div>
  );
}
