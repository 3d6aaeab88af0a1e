export default function App() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Parley</h1>
      <p className="mt-2 text-slate-600">The support desk for marketplaces.</p>
    </main>
  );
}
