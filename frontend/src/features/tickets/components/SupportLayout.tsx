import type { ReactNode } from "react";
import { EmptyState } from "../../../components/support/ListStates";

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
  list: ReactNode;
  pane: ReactNode;
}) {
  const { paneOpen } = props;
  return (
    <div className="flex h-full min-h-0">
      <section
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

/** The right pane when nothing is open. */
export function NothingOpen({ title, hint, action }: { title: string; hint: string; action?: ReactNode }) {
  return (
    <div className="flex flex-1 items-center justify-center">
      <EmptyState title={title} hint={hint} action={action} />
    </div>
  );
}
