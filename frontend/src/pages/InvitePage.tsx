import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { acceptInvite, getInvite } from "../features/team/api/team";
import { useSession } from "../features/auth/hooks/useSession";

/** /invite?token=…: an invited admin chooses a password (the link then stops working) and is signed in. */
export default function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const info = useQuery({
    queryKey: ["invite", token],
    queryFn: () => getInvite(token),
    enabled: token.length >= 10,
    retry: false,
  });
  const session = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token || info.isError) {
    return (
      <main className="mx-auto max-w-sm p-6">
        <h1 className="text-xl font-semibold">Invite link not valid</h1>
        <p className="mt-2 text-slate-600">
          This invite link was already used or has expired. Ask your team for a new one.
        </p>
      </main>
    );
  }
  return (
    <main className="mx-auto max-w-sm p-6">
      <h1 className="text-xl font-semibold">Join the support team</h1>
      {info.data && (
        <p className="mt-2 text-slate-600">
          Welcome, {info.data.name}. Choose a password for {info.data.email}.
        </p>
      )}
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          acceptInvite(token, password)
            .then(() => session.login(info.data?.email ?? "", password))
            .then(() => void navigate("/admin"))
            .catch((err: unknown) => setError(err instanceof Error ? err.message : "Something went wrong."))
            .finally(() => setBusy(false));
        }}
      >
        <label className="block text-sm">
          Password (at least 8 characters)
          <input
            type="password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className="mt-1 block w-full rounded border px-2 py-1"
          />
        </label>
        <button
          type="submit"
          disabled={busy || !info.data}
          className="rounded bg-indigo-600 px-3 py-1.5 text-white"
        >
          Set password and sign in
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
