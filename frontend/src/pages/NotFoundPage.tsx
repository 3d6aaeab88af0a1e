import { Link } from "react-router";

export default function NotFoundPage() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="text-slate-600">There is nothing at this address.</p>
      <Link to="/" className="font-medium text-indigo-700 hover:underline">
        Go to the start page
      </Link>
    </main>
  );
}
