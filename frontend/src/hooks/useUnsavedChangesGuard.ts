import { startTransition, useCallback, useContext, useEffect } from "react";
import { UNSAFE_DataRouterContext, useBlocker, useNavigate, type BlockerFunction } from "react-router";

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

/**
 * Navigates to `path` (a pathname) through whatever form guards its unsaved changes, and runs `then` only
 * once the app has arrived there; if the user chooses to stay, `then` never runs. Sign out needs this
 * order: ending the session first would drop the form's text (and every draft) before the form had its say.
 *
 * `then` runs in the same React transition as the router's own update, so the page at `path` first renders
 * with its effect applied (a signed-out /login, not a signed-in one that bounces back to the dashboard).
 * Outside a data router nothing can hold the navigation back: `then` runs at once.
 */
export function useNavigateThen(): (path: string, then: () => void) => void {
  const dataRouter = useContext(UNSAFE_DataRouterContext);
  const navigate = useNavigate();
  return useCallback(
    (path, then) => {
      const router = dataRouter?.router;
      if (!router) {
        then();
        void navigate(path);
        return;
      }
      const from = router.state.location.key;
      let asked = false;
      const stop = router.subscribe((state) => {
        if (state.location.pathname === path) {
          stop();
          startTransition(then);
          return;
        }
        const blockers = [...state.blockers.values()];
        if (blockers.some((b) => b.state === "blocked")) asked = true;
        // Gone elsewhere (another navigation won), or asked and answered "Stay": nothing more to wait for.
        const stayed =
          asked && state.navigation.state === "idle" && blockers.every((b) => b.state === "unblocked");
        if (state.location.key !== from || stayed) stop();
      });
      void navigate(path);
    },
    [dataRouter, navigate],
  );
}
