import { useEffect } from "react";
import { useBlocker, type BlockerFunction } from "react-router";

/**
 * While `dirty`, reloading or closing the tab asks first. The browser shows its own wording: a custom
 * message is ignored by every current browser.
 */
export function useBeforeUnloadWhile(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium and Safari ask only when returnValue is set.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [dirty]);
}

// Staying on the same path and query (a hash, or a click on the tab already open) unmounts nothing.
const leavesPage: BlockerFunction = ({ currentLocation, nextLocation }) =>
  currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search;

export type LeaveBlocker = { blocked: boolean; leave: () => void; stay: () => void };

/**
 * Holds back every in-app navigation that leaves the page, for as long as the calling component is
 * mounted: mount it only while there are unsaved changes (a router runs one blocker at a time, so an
 * always-mounted clean form would overrule a dirty one). Needs a data router (useBlocker throws
 * otherwise); `UnsavedChangesGuard` checks for one.
 */
export function useLeaveBlocker(): LeaveBlocker {
  const blocker = useBlocker(leavesPage);
  return {
    blocked: blocker.state === "blocked",
    leave: () => blocker.proceed?.(),
    stay: () => blocker.reset?.(),
  };
}
