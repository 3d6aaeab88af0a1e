import { SEND_AND_RESOLVE, sendAndResolveKeys } from "../../features/shortcuts/shortcuts";

/**
 * Send (Add note for a note; "Uploading…" while files are on their way) and, for a public reply when
 * offered, Send and resolve. On a phone the pair takes a row of its own under the text box (the box above
 * gets the whole width), side by side and each on one line. Beside the box they left it a third of a
 * 375 px screen, and stacked in Send's width "Send and resolve" broke over three lines.
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
    <div
      // basis-full: the composer's row wraps on a phone, and this starts the new line.
      className={`flex shrink-0 gap-2 ${onSendAndResolve ? "basis-full justify-end sm:basis-auto" : ""}`}
    >
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
          className="h-11 rounded-lg bg-white px-3 text-sm font-semibold whitespace-nowrap text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Send and resolve
        </button>
      )}
    </div>
  );
}
