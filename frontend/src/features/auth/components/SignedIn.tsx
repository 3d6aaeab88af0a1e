import type { ReactNode } from "react";
import { useSession, type SessionUser } from "../hooks/useSession";

/** Renders its children with the signed-in user, or nothing while nobody is signed in. */
export default function SignedIn({ children }: { children: (user: SessionUser) => ReactNode }) {
  const { user } = useSession();
  return user ? children(user) : null;
}
