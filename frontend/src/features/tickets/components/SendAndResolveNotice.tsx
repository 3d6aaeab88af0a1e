import { LiveAnnouncer } from "../../../components/ui/LiveAnnouncer";
import type { ResolveOutcome } from "../hooks/useSendAndResolve";

/**
 * What "Send and resolve" did: a success is said politely (the header's status shows it too); a reply
 * that went while the resolve was refused is an alert that stays until dismissed or the next try.
 */
export default function SendAndResolveNotice({
  outcome,
  onDismiss,
}: {
  outcome: ResolveOutcome | null;
  onDismiss: () => void;
}) {
  const failed = outcome && !outcome.ok && outcome.text ? outcome.text : null;
  return (
    <>
      <LiveAnnouncer
        label="Send and resolve"
        announcement={{ text: outcome?.ok ? outcome.text : "", count: outcome?.count ?? 0 }}
      />
      {failed && (
        <div className="mx-3 my-2 flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 sm:mx-4">
          <p role="alert" className="flex-1">
            {failed}
          </p>
          <button type="button" onClick={onDismiss} className="font-semibold underline hover:text-red-900">
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
