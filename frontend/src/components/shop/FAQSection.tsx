// STUB owned by the FAQ work (issue 6): replaced by the real shop FAQ section.
export default function FAQSection() {
  return <p className="text-slate-500">The FAQ is coming soon.</p>;
}
