/**
 * The admin sidebar's "Visitor" block (issue 18): who wrote a website visitor's conversation, as the
 * visitor gave it (name, email) and the page it wrote from. The server sends `visitor` to admins only.
 */
import type { Ticket } from "@parley/contract";

const safeHref = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export default function VisitorPanel({ ticket }: { ticket: Ticket }) {
  if (ticket.source !== "visitor") return null;
  const v = ticket.visitor ?? null;
  const page = safeHref(v?.pageUrl ?? null);
  return (
    <section aria-label="Visitor" className="mt-4 border-t border-slate-200 pt-4 text-sm">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Website visitor</h3>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 gap-y-1 text-xs">
        <dt className="text-slate-600">Name</dt>
        <dd className="text-slate-800">{v?.name ?? "Not given"}</dd>
        <dt className="text-slate-600">Email</dt>
        <dd className="break-all text-slate-800">
          {v?.email ? (
            <a href={`mailto:${v.email}`} className="text-indigo-700 underline hover:text-indigo-900">
              {v.email}
            </a>
          ) : (
            "Not given"
          )}
        </dd>
        <dt className="text-slate-600">Page</dt>
        <dd className="break-all text-slate-800">
          {page ? (
            <a
              href={page}
              target="_blank"
              rel="noopener noreferrer"
              className="text-indigo-700 underline hover:text-indigo-900"
            >
              {page}
            </a>
          ) : (
            "Unknown"
          )}
        </dd>
      </dl>
    </section>
  );
}
