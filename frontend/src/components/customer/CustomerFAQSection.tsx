// STUB owned by the FAQ work (issue 6): replaced by the real public FAQ.
export default function CustomerFAQSection() {
  return <p className="text-slate-500">The help centre is coming soon.</p>;
}
