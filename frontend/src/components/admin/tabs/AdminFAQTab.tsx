// STUB owned by the FAQ work (issue 6): replaced by the admin FAQ editor and deflection stats.
export default function AdminFAQTab() {
  return <p className="text-slate-500">FAQ management is coming soon.</p>;
}
