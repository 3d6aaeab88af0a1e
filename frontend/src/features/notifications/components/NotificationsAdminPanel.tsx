import { useEffect, useRef, useState, type FormEvent } from "react";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@parley/contract";
import DeleteConfirm from "../../../components/ui/DeleteConfirm";
import { useReturnFocus } from "../../../hooks/useReturnFocus";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useWebhookDeliveries,
  useWebhooks,
} from "../hooks/useNotifications";
import ChannelsSection from "./ChannelsSection";
import DeliveryList from "./DeliveryList";

function WebhookDeliveries({ id }: { id: string }) {
  const q = useWebhookDeliveries(id);
  if (q.isPending) return <p className="text-sm">Loading…</p>;
  if (q.isError && !q.isFetchNextPageError)
    return <p className="text-sm text-red-700">Could not load deliveries.</p>;
  return <Deliveries label="Webhook deliveries" q={q} />;
}

/** A delivery list fed by its infinite query: "Show older" reads the next page. */
function Deliveries({ label, q }: { label: string; q: ReturnType<typeof useDeliveries> }) {
  return (
    <DeliveryList
      items={q.deliveries}
      label={label}
      hasMore={q.hasNextPage}
      loadingMore={q.isFetchingNextPage}
      loadFailed={q.isFetchNextPageError}
      onLoadMore={() => void q.fetchNextPage()}
    />
  );
}

function Webhooks() {
  const list = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["ticket.created", "message.created"]);
  const [open, setOpen] = useState<string | null>(null);
  // Delete asks once more (deliveries stop at once, the secret is gone for good); Keep gives the row's Delete
  // its focus back.
  const [confirming, setConfirming] = useState<string | null>(null);
  const { container: rows, returnFocusTo } = useReturnFocus<HTMLUListElement>(confirming !== null);
  // A deleted webhook's row goes with its Delete button: once the list no longer has it, the focus goes to
  // the control marked `data-focus-key` (the next row's Delete, the one before, or the URL field), not to
  // <body>. Only a focus that was lost moves: a reader who went elsewhere meanwhile stays there.
  const section = useRef<HTMLElement>(null);
  const [afterDelete, setAfterDelete] = useState<{ id: string; focusKey: string } | null>(null);
  useEffect(() => {
    if (!afterDelete || list.data?.some((w) => w.id === afterDelete.id)) return;
    setAfterDelete(null);
    setConfirming(null);
    const active = document.activeElement;
    if (active && active !== document.body) return;
    section.current
      ?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(afterDelete.focusKey)}"]`)
      ?.focus();
  }, [afterDelete, list.data]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    create.mutate({ url, events }, { onSuccess: () => setUrl("") });
  };
  return (
    <section
      ref={section}
      aria-labelledby="webhooks-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="webhooks-heading" className="text-lg font-semibold">
        Webhooks
      </h2>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          URL
          <input
            data-focus-key="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            placeholder="https://example.com/parley"
            required
          />
        </label>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="sr-only">Events</legend>
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={events.includes(t)}
                onChange={(e) => setEvents(e.target.checked ? [...events, t] : events.filter((x) => x !== t))}
              />
              {t}
            </label>
          ))}
        </fieldset>
        {/* aria-disabled, not disabled, while it is added: a disabled button drops the focus to <body>. */}
        <button
          type="submit"
          className="rounded bg-indigo-600 px-3 py-1 text-sm text-white aria-disabled:opacity-60"
          aria-disabled={create.isPending || undefined}
        >
          Add webhook
        </button>
      </form>
      {/* A refused URL (a private address, not https) is said, not only shown. */}
      {create.isError && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      {create.data && (
        <p className="text-sm" role="status">
          Secret (shown once): <code className="break-all">{create.data.secret}</code>
        </p>
      )}
      {list.isPending && <p className="text-sm">Loading…</p>}
      {list.isError && <p className="text-sm text-red-700">Could not load webhooks.</p>}
      {list.data?.length === 0 && <p className="text-sm text-slate-500">No webhooks yet.</p>}
      {remove.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not delete the webhook: {remove.error.message}
        </p>
      )}
      <ul ref={rows} className="space-y-2">
        {list.data?.map((w, at, all) => (
          <li key={w.id} className="rounded border border-slate-200 bg-white p-2 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="break-all font-medium">{w.url}</span>
              <span className="text-slate-500">{w.events.join(", ")}</span>
              <button
                type="button"
                className="underline"
                onClick={() => setOpen(open === w.id ? null : w.id)}
              >
                {open === w.id ? "Hide deliveries" : "Deliveries"}
              </button>
              {confirming === w.id ? (
                <DeleteConfirm
                  question={
                    <>
                      Delete this webhook?<span className="sr-only"> {w.url}</span>
                    </>
                  }
                  pending={remove.isPending || afterDelete?.id === w.id}
                  onConfirm={() => {
                    const neighbour = all[at + 1] ?? all[at - 1];
                    remove.mutate(w.id, {
                      // The question stays ("Deleting…") until the list no longer has the webhook.
                      onSuccess: () =>
                        setAfterDelete({ id: w.id, focusKey: neighbour ? `delete:${neighbour.id}` : "url" }),
                    });
                  }}
                  onKeep={() => {
                    setConfirming(null);
                    setAfterDelete(null);
                    returnFocusTo(`delete:${w.id}`);
                  }}
                />
              ) : (
                <button
                  type="button"
                  data-focus-key={`delete:${w.id}`}
                  data-return-focus={`delete:${w.id}`}
                  className="text-red-700 underline"
                  aria-label={`Delete webhook ${w.url}`}
                  onClick={() => setConfirming(w.id)}
                >
                  Delete
                </button>
              )}
            </div>
            {open === w.id && <WebhookDeliveries id={w.id} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The admin's Notifications page: channel status and test alerts, the delivery log, webhooks. */
export default function NotificationsAdminPanel() {
  const deliveries = useDeliveries();
  return (
    <div className="space-y-6">
      <ChannelsSection />
      <section
        aria-labelledby="log-heading"
        className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 id="log-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        {deliveries.isPending && <p className="text-sm">Loading…</p>}
        {deliveries.isError && !deliveries.isFetchNextPageError && (
          <p className="text-sm text-red-700">Could not load the log.</p>
        )}
        {deliveries.data && <Deliveries label="Delivery log" q={deliveries} />}
      </section>
      <Webhooks />
    </div>
  );
}
