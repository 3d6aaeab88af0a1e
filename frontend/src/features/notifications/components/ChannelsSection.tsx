import type { NotificationChannel } from "@parley/contract";
import { CHANNEL_LABELS, channelLabel } from "../channel-labels";
import { timeOrDash } from "../format";
import { useChannels, useSendTestAlert } from "../hooks/useNotifications";

/**
 * Where admin alerts go: each channel set up or not (and what sets it up), its last success and last error,
 * and a test alert for one channel or for all of them, whose outcome (or refusal) is said beside the buttons.
 */
export default function ChannelsSection() {
  const channels = useChannels();
  const test = useSendTestAlert();
  const anyConfigured = channels.data?.some((c) => c.configured) ?? false;
  const send = (channel?: NotificationChannel) => {
    if (!test.isPending) test.mutate(channel);
  };
  const tested = test.variables ? channelLabel(test.variables) : "every channel set up";
  return (
    <section
      aria-labelledby="channels-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div>
        <h2 id="channels-heading" className="text-lg font-semibold">
          Channels
        </h2>
        <p className="text-sm text-slate-600">Where admin alerts go. Channels are set up on the server.</p>
      </div>
      {channels.isPending && <p className="text-sm">Loading…</p>}
      {channels.isError && <p className="text-sm text-red-700">Could not load the channels.</p>}
      {channels.data && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">Channel</th>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">Status</th>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">Last success</th>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">Last error</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Test</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.data.map((c) => (
                <tr key={c.channel} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3 font-medium whitespace-nowrap">
                    {channelLabel(c.channel)}
                  </th>
                  <td className="py-2 pr-3">
                    {c.configured ? (
                      <>
                        <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
                          Set up
                        </span>
                        {c.note && (
                          <span className="mt-1 block max-w-md text-xs text-slate-600">{c.note}</span>
                        )}
                      </>
                    ) : (
                      <>
                        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                          Not set up
                        </span>
                        <span className="mt-1 block max-w-md text-xs text-slate-600">
                          {CHANNEL_LABELS[c.channel].setup}
                        </span>
                      </>
                    )}
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">{timeOrDash(c.lastSuccessAt)}</td>
                  <td className="py-2 pr-3 break-all">
                    {c.lastError ? (
                      <span className="text-red-700">
                        {c.lastError} ({timeOrDash(c.lastErrorAt)})
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-2 text-right">
                    {c.configured && (
                      <button
                        type="button"
                        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 aria-disabled:opacity-60"
                        aria-label={`Send a test alert by ${channelLabel(c.channel)}`}
                        aria-disabled={test.isPending || undefined}
                        onClick={() => send(c.channel)}
                      >
                        Test
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {channels.data &&
        (anyConfigured ? (
          // aria-disabled, not disabled, while it sends: a disabled button drops the focus to <body>.
          <button
            type="button"
            className="rounded bg-indigo-600 px-3 py-1 text-sm text-white aria-disabled:opacity-60"
            onClick={() => send(undefined)}
            aria-disabled={test.isPending || undefined}
          >
            Send a test alert to every channel
          </button>
        ) : (
          <p className="text-sm text-slate-600">No channel is set up yet, so there is nothing to test.</p>
        ))}
      <div aria-live="polite" className="text-sm">
        {test.isPending && <p>Sending a test alert by {tested}…</p>}
        {test.isSuccess && <p>Test alert queued for {tested}: it shows in the delivery log below.</p>}
      </div>
      {test.isError && (
        <p role="alert" className="text-sm text-red-700">
          The test alert was not sent: {test.error.message}
        </p>
      )}
    </section>
  );
}
