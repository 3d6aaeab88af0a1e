import { useEffect, useRef, useState } from "react";

/**
 * A row whose Edit button gives way to an inline form: once the form closes (saved or cancelled), the focus
 * goes back to that row's button instead of falling to the page with the form. Mark the button
 * `data-return-focus={id}` inside `container`, and call `returnFocusTo(id)` as the form closes; `open` is
 * whether a form is still open (the focus moves once none is).
 */
export function useReturnFocus<E extends HTMLElement>(open: boolean) {
  const container = useRef<E>(null);
  const [target, returnFocusTo] = useState<string | null>(null);
  useEffect(() => {
    if (!target || open) return;
    returnFocusTo(null);
    container.current?.querySelector<HTMLElement>(`[data-return-focus="${CSS.escape(target)}"]`)?.focus();
  }, [target, open]);
  return { container, returnFocusTo };
}
