import { useState, type ChangeEvent } from "react";
import { ADMIN_NAME_MAX, createAdminBodySchema, type ErrorDetail } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import FormField, { SubmitButton } from "../../../components/ui/FormField";
import { useCreateAdmin } from "../hooks/useTeam";
import InviteLink from "./InviteLink";

/** The contract's limits, so the boxes stop where the server would refuse. */
const NAME_MAX = ADMIN_NAME_MAX;
const EMAIL_MAX = createAdminBodySchema.shape.email.out.maxLength!;

type Field = "name" | "email";
type FieldErrors = Partial<Record<Field, string>>;
const isField = (path: string | undefined): path is Field => path === "name" || path === "email";

/** "already taken" → "Already taken." */
const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? "" : "."}`;

/** Our own check with the contract's schema, in words per field. */
function checkLocally(body: { name: string; email: string }): FieldErrors {
  const parsed = createAdminBodySchema.safeParse(body);
  if (parsed.success) return {};
  const out: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    if (!isField(field)) continue;
    out[field] ??=
      field === "email"
        ? "Enter an email address such as name@example.com."
        : issue.code === "too_small"
          ? "Enter a name."
          : issue.code === "too_big"
            ? `Up to ${NAME_MAX} characters.`
            : sentence(issue.message);
  }
  return out;
}

/** The server's details on the field they name; the others stay with the form's message. */
function placeDetails(details: ErrorDetail[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const d of details) {
    const message = d.message ? sentence(d.message) : "Invalid.";
    if (isField(d.path)) fields[d.path] ??= message;
    else rest.push(message);
  }
  return { fields, rest };
}

const box = "mt-1 block rounded border px-2 py-1 text-sm";

/**
 * Invite an admin: name and email give a one-time link to pass on. A refusal belongs to what was sent,
 * so it goes as soon as a field is edited; a new attempt hides the previous attempt's link. The server's
 * details (a name it refuses, an email already taken) show next to their field.
 */
export default function InviteAdminForm() {
  const create = useCreateAdmin();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [local, setLocal] = useState<FieldErrors>({});
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const edit = (field: Field, set: (v: string) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    set(e.target.value);
    setLocal(({ [field]: _, ...rest }) => rest);
    if (create.isError) create.reset();
  };

  const server =
    create.error instanceof ApiError ? placeDetails(create.error.details) : { fields: {}, rest: [] };
  const errors: FieldErrors = { ...server.fields, ...local };
  const placed = Object.keys(server.fields).length > 0;
  // With every detail on its field, the form's own line only points there.
  const formMessage = !create.isError
    ? null
    : placed && server.rest.length === 0
      ? "The invite was refused: see the messages under the fields."
      : [create.error.message, ...server.rest].join(" ");

  return (
    <section aria-labelledby="invite-heading">
      <h3 id="invite-heading" className="font-semibold text-slate-900">
        Invite an admin
      </h3>
      <form
        className="mt-2 flex flex-wrap items-start gap-2 text-sm"
        aria-describedby={formMessage ? "invite-error" : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          setInviteUrl(null);
          const problems = checkLocally({ name, email });
          setLocal(problems);
          if (Object.keys(problems).length) {
            create.reset();
            return;
          }
          create.mutate(
            { email, name },
            {
              onSuccess: (a) => {
                setInviteUrl(a.inviteUrl);
                setEmail("");
                setName("");
              },
            },
          );
        }}
      >
        <FormField
          label="Name"
          labelClassName="text-xs text-slate-600"
          error={errors.name}
          hint={`Up to ${NAME_MAX} characters.`}
        >
          {(a11y) => (
            <input
              {...a11y}
              required
              maxLength={NAME_MAX}
              value={name}
              onChange={edit("name", setName)}
              className={`${box} ${errors.name ? "border-red-500" : ""}`}
            />
          )}
        </FormField>
        <FormField label="Email" labelClassName="text-xs text-slate-600" error={errors.email}>
          {(a11y) => (
            <input
              {...a11y}
              required
              type="email"
              maxLength={EMAIL_MAX}
              value={email}
              onChange={edit("email", setEmail)}
              className={`${box} ${errors.email ? "border-red-500" : ""}`}
            />
          )}
        </FormField>
        {/* Level with the boxes, under their labels' line. Never disabled while inviting: that dropped
            the focus to <body>, away from the refusal or the link that comes next. */}
        <SubmitButton
          busy={create.isPending}
          label="Invite"
          busyLabel="Inviting…"
          className="mt-5 rounded px-3 py-1"
        />
      </form>
      {formMessage && (
        <p id="invite-error" role="alert" className="mt-1 text-sm text-red-700">
          {formMessage}
        </p>
      )}
      {inviteUrl && <InviteLink path={inviteUrl} />}
    </section>
  );
}
