import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import type { Role } from "@parley/contract";
import { safeNextPath } from "../features/auth/lib/next-path";
import { homeFor, useSession } from "../features/auth/hooks/useSession";
import { useDemoAccounts, useSignIn } from "../features/auth/hooks/useSignIn";
import LoginForm from "../features/auth/components/LoginForm";
import { Logo } from "../components/layout/AppShell";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export default function LoginPage() {
  useDocumentTitle("Sign in");
  const { user, endedReason } = useSession();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const demo = useDemoAccounts();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  // The opened link if it belongs to this role's area, else the role's home.
  const target = (role: Role) => (next && next.startsWith(homeFor(role)) ? next : homeFor(role));

  if (user) return <Navigate to={target(user.role)} replace />;

  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <Logo />
          <h1 className="text-2xl font-semibold text-slate-900">Sign in to Parley</h1>
          <p className="text-sm text-slate-600">The support desk for your marketplace.</p>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          {endedReason && (
            <p role="status" className="mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {endedReason}
            </p>
          )}
          <LoginForm
            busy={signIn.isPending || signIn.isSuccess}
            error={signIn.error?.message ?? null}
            demoAccounts={demo.data}
            onSignIn={(body) =>
              signIn.mutate(body, {
                onSuccess: (u) => void navigate(target(u.role), { replace: true }),
              })
            }
          />
        </div>
        <p className="mt-6 text-center text-sm text-slate-600">
          Looking for answers as a customer?{" "}
          <Link to="/help" className="font-medium text-indigo-700 hover:underline">
            Visit the help centre
          </Link>
        </p>
      </div>
    </main>
  );
}
