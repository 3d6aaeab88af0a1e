import { useEffect, useRef, type ReactNode } from "react";
import { NavLink, useLocation, useSearchParams } from "react-router";
import { useSession } from "../../features/auth/hooks/useSession";
import { signedInLabel } from "../../features/auth/lib/signed-in-label";
import { useConnectionStatus } from "../../hooks/realtime";
import ConnectionBanner, { LiveIndicator } from "../support/ConnectionBanner";
import { useVisualViewport } from "../../hooks/useVisualViewport";
import { useNavigateThen } from "../../hooks/useUnsavedChangesGuard";

type ShellTab = { to: string; label: string; end?: boolean };

// Out of sight until focused, then over the page's corner: positioned in both states, so showing it moves
// nothing. The padding is given again on focus because not-sr-only resets it to 0, which left a 20 px high
// link (under the 24 px target size of WCAG 2.5.8).
const skipLink =
  "sr-only z-50 rounded-md bg-white text-sm font-semibold text-indigo-700 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:px-3 focus:py-2 focus:ring-2 focus:ring-indigo-500";

export function Logo() {
  return (
    <span className="flex items-center gap-2 font-semibold text-slate-900">
      <span
        aria-hidden="true"
        className="flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-white"
      >
        <svg viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path d="M3 5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H9l-4 3v-3a2 2 0 0 1-2-2V5Z" />
        </svg>
      </span>
      Parley
    </span>
  );
}

/** The signed-in frame: brand, the dashboard's tabs, who is signed in, connection state. */
export default function AppShell({
  title,
  tabs,
  children,
}: {
  title: string;
  tabs: ShellTab[];
  children: ReactNode;
}) {
  const { user, logout } = useSession();
  const signedIn = user ? signedInLabel(user) : null;
  const status = useConnectionStatus();
  // Sign out leaves the page first, so a form with unsaved changes asks "Leave without saving?" before
  // the session (and every draft with it) ends; staying keeps both.
  const navigateThen = useNavigateThen();
  const viewport = useVisualViewport();
  // With a ticket open, a second skip link jumps straight to its reply box (two Tabs and Enter).
  const [params] = useSearchParams();
  const ticketOpen = !!params.get("ticket");
  const sections = useCurrentSectionInView();
  return (
    <div
      data-compact={viewport.compact}
      // The visible height, so an on-screen keyboard shrinks the frame instead of covering the reply box.
      style={viewport.height ? { height: `${viewport.height}px` } : undefined}
      className="flex h-dvh flex-col bg-slate-50 text-slate-900"
    >
      <a href="#main" className={skipLink}>
        Skip to content
      </a>
      {ticketOpen && (
        <a
          href="#reply"
          onClick={(e) => {
            const box = document.querySelector<HTMLTextAreaElement>("#main form textarea:not([disabled])");
            e.preventDefault();
            // A closed ticket has no reply box: the content then, like the first link.
            (box ?? document.getElementById("main"))?.focus();
          }}
          className={skipLink}
        >
          Skip to the reply box
        </a>
      )}
      {/* Hidden only while a phone's keyboard is up (useVisualViewport), never for a short window: at 200 %
          zoom or on a phone on its side it holds the only way to the other sections and to Sign out. */}
      <header className="flex shrink-0 flex-wrap compact:hidden items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2">
        <Logo />
        <h1 className="sr-only text-sm text-slate-600 sm:not-sr-only">{title}</h1>
        <nav
          ref={sections}
          aria-label="Sections"
          // On a phone the sections scroll sideways on one line instead of wrapping and clipping.
          className="order-last -mx-1 flex w-full gap-1 overflow-x-auto px-1 sm:order-none sm:mx-0 sm:ml-4 sm:w-auto sm:px-0"
        >
          {tabs.map((t) => (
            <NavLink
              key={t.to}
              to={t.to}
              end={t.end}
              className={({ isActive }) =>
                `shrink-0 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100"}`
              }
            >
              {t.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <LiveIndicator status={status} />
          {/* On a phone too, cut short with the whole label in its tooltip, so the header still fits
              beside Sign out: which shop is signed in matters most on a shared tablet behind the counter. */}
          <span
            data-testid="signed-in-as"
            title={signedIn ?? undefined}
            className="max-w-[8rem] min-w-0 truncate text-xs text-slate-600 sm:max-w-[16rem] sm:text-sm"
          >
            <span className="sr-only">Signed in as </span>
            {signedIn}
          </span>
          <button
            type="button"
            onClick={() => navigateThen("/login", logout)}
            className="rounded-md px-2.5 py-1 text-sm text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner status={status} />
      <main id="main" tabIndex={-1} className="min-h-0 flex-1 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

/**
 * On a phone the sections bar scrolls sideways: a page opened by its address (or reloaded), such as
 * /admin/notifications, would leave its own section out of sight at the far end, with none shown as
 * current. The current one is scrolled into the bar's view, the bar only (never the page).
 */
function useCurrentSectionInView() {
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    const bar = nav.current;
    const link = bar?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!bar || !link) return;
    const outer = bar.getBoundingClientRect();
    const inner = link.getBoundingClientRect();
    if (inner.left < outer.left) bar.scrollLeft -= outer.left - inner.left;
    else if (inner.right > outer.right) bar.scrollLeft += inner.right - outer.right;
  }, [pathname]);
  return nav;
}
