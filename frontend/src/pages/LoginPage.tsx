import { useId, useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { homeFor, listDemoAccounts, useSession } from "../services/auth/session";
import { Logo } from "../components/layout/AppShell";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export default function LoginPage() {
  useDocumentTitle("Sign in");
  const { user, login, endedReason } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { email: useId(), password: useId() };
  const demo = useQuery({
    queryKey: ["demo-accounts"],
    queryFn: listDemoAccounts,
    staleTime: Infinity,
    retry: false,
  });

  if (user) return <Navigate to={homeFor(user.role)} replace />;

  const signIn = async (e: string, p: string) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(e, p);
      navigate(homeFor(u.role), { replace: true });
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(email, password);
  };

  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <Logo />
          <h1 className="text-2xl font-semibold text-slate-900">Sign in to Parley</h1>
          <p className="text-sm text-slate-500">The support desk for your marketplace.</p>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          {endedReason && (
            <p role="status" className="mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {endedReason}
            </p>
          )}
          <form onSubmit={submit} className="space-y-4" aria-label="Sign in">
            <div>
              <label htmlFor={ids.email} className="text-sm font-medium text-slate-700">
                Email
              </label>
              <input
                id={ids.email}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none"
              />
            </div>
            <div>
              <label htmlFor={ids.password} className="text-sm font-medium text-slate-700">
                Password
              </label>
              <input
                id={ids.password}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none"
              />
            </div>
            {error && (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
            <button
              type="submit"
              disabled={busy}
              className="w-full rounded-lg bg-indigo-600 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:opacity-60"
            >
              {busy ? "Signing in…" : "Sign in"}
            </button>
          </form>
          {!!demo.data?.length && (
            <div className="mt-6 border-t border-slate-100 pt-4">
              <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                Demo accounts (development)
              </p>
              <ul className="space-y-2">
                {demo.data.map((a) => (
                  <li key={a.email}>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void signIn(a.email, a.password)}
                      className="flex w-full items-center justify-between rounded-lg px-3 py-2 text-left text-sm ring-1 ring-slate-200 hover:bg-slate-50 disabled:opacity-60"
                    >
                      <span>
                        Sign in as <span className="font-medium">{a.name}</span>
                      </span>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs ${a.role === "admin" ? "bg-indigo-100 text-indigo-700" : "bg-teal-100 text-teal-700"}`}
                      >
                        {a.role}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <p className="mt-6 text-center text-sm text-slate-500">
          Looking for answers as a customer?{" "}
          <Link to="/help" className="font-medium text-indigo-700 hover:underline">
            Visit the help centre
          </Link>
        </p>
      </div>
    </main>
  );
}
