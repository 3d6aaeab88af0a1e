import { SEND_AND_RESOLVE, sendAndResolveKeys } from "../../features/shortcuts/shortcuts";

/**
 * Send (Add note for a note; "Uploading…" while files are on their way) and, for a public reply when
 * offered, Send and resolve. On a phone the second button goes under Send and its words wrap within Send's
 * width: on one line it made the column wider than Send and left the text box a third of a 375 px screen.
 * The note's amber is amber-700: white on amber-600 is 3.2:1, under the 4.5:1 its 14 px text needs.
 */
export function SendButtons(props: {
  internal: boolean;
  waiting: boolean;
  disabled: boolean;
  /** Offer Send and resolve: what it does when pressed. */
  onSendAndResolve?: () => void;
}) {
  const { internal, waiting, disabled, onSendAndResolve } = props;
  return (
    <div className="flex flex-col gap-1 sm:flex-row sm:gap-2">
      <button
        type="submit"
        disabled={disabled}
        className={`h-11 rounded-lg px-4 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${
          internal ? "bg-amber-700 hover:bg-amber-800" : "bg-indigo-600 hover:bg-indigo-700"
        }`}
      >
        {waiting ? "Uploading…" : internal ? "Add note" : "Send"}
      </button>
      {onSendAndResolve && (
        <button
          type="button"
          disabled={disabled}
          onClick={onSendAndResolve}
          aria-keyshortcuts={SEND_AND_RESOLVE.ariaKeys}
          title={`Send the reply, then mark the ticket resolved (${sendAndResolveKeys()})`}
          className="min-h-8 w-min min-w-full rounded-lg bg-white px-2 py-1 text-xs leading-tight font-semibold text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50 sm:h-11 sm:w-auto sm:min-w-0 sm:px-3 sm:py-0 sm:text-sm"
        >
          Send and resolve
        </button>
      )}
    </div>
  );
}
