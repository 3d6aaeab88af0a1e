import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { loginBodySchema, type DemoAccount, type LoginBody } from "@parley/contract";
import { fieldMessages } from "../../../lib/form-errors";
import FormField, { SubmitButton } from "../../../components/ui/FormField";

const resolver = zodResolver(
  loginBodySchema,
  fieldMessages({ email: { required: "Enter your email." }, password: { required: "Enter your password." } }),
);

const CREDENTIALS = [
  { name: "email", label: "Email", type: "email", autoComplete: "username" },
  { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
] as const;

const SIGNING_IN = "Signing in…";

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:ring-2 focus:ring-indigo-500 focus:outline-none";

/** Email and password, plus one-click demo accounts when the server offers them. */
export default function LoginForm({
  onSignIn,
  busy,
  error,
  demoAccounts = [],
}: {
  onSignIn: (body: LoginBody) => void;
  busy: boolean;
  error: string | null;
  demoAccounts?: DemoAccount[];
}) {
  const { register, handleSubmit, formState } = useForm({
    resolver,
    defaultValues: { email: "", password: "" },
  });
  const { errors } = formState;
  const shown = error ?? errors.email?.message ?? errors.password?.message;

  return (
    <>
      <form onSubmit={(e) => void handleSubmit(onSignIn)(e)} className="space-y-4" aria-label="Sign in">
        {CREDENTIALS.map((c) => (
          <FormField key={c.name} label={c.label}>
            {(a11y) => (
              <input
                {...a11y}
                type={c.type}
                autoComplete={c.autoComplete}
                required
                {...register(c.name)}
                className={input}
              />
            )}
          </FormField>
        ))}
        {shown && (
          <p role="alert" className="text-sm text-red-700">
            {shown}
          </p>
        )}
        <SubmitButton busy={busy} label="Sign in" busyLabel={SIGNING_IN} className="w-full rounded-lg py-2" />
      </form>
      {/* The button's new label is not read while the focus stays in the password field (Enter sent the
          form). Mounted from the start: a live region that appears together with its text is often not
          read. Outside the form, as the demo accounts' buttons sign in too. */}
      <p role="status" className="sr-only">
        {busy ? SIGNING_IN : ""}
      </p>
      {demoAccounts.length > 0 && (
        <div className="mt-6 border-t border-slate-100 pt-4">
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            Demo accounts (development)
          </p>
          <ul className="space-y-2">
            {demoAccounts.map((a) => (
              <li key={a.email}>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => onSignIn({ email: a.email, password: a.password })}
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
    </>
  );
}
