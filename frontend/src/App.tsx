import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { homeFor, useSession } from "./features/auth/hooks/useSession";
import type { Role } from "@parley/contract";
import LoginPage from "./pages/LoginPage";
import { loginPathFor } from "./features/auth/lib/next-path";

// Each audience downloads only its own dashboard.
const ShopPage = lazy(() => import("./pages/ShopPage"));
const AdminPage = lazy(() => import("./pages/AdminPage"));
const HelpPage = lazy(() => import("./pages/HelpPage"));
const EmbedSupportPage = lazy(() => import("./pages/EmbedSupportPage"));
const EmbedHelpPage = lazy(() => import("./pages/EmbedHelpPage"));
const InvitePage = lazy(() => import("./pages/InvitePage"));

function PageLoading() {
  return (
    <div role="status" aria-label="Loading" className="flex min-h-dvh items-center justify-center">
      <span className="size-6 animate-spin rounded-full border-2 border-indigo-200 border-t-indigo-600" />
    </div>
  );
}
import NotFoundPage from "./pages/NotFoundPage";

function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  if (user.role !== role) return <Navigate to={homeFor(user.role)} replace />;
  return children;
}

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homeFor(user.role) : "/login"} replace />;
}

/** Routes: /login, /shop (support and FAQ), /admin (queue and FAQ), /help (public). */
export default function App() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/help" element={<HelpPage />} />
        <Route path="/embed/support" element={<EmbedSupportPage />} />
        <Route path="/embed/help" element={<EmbedHelpPage />} />
        <Route path="/invite" element={<InvitePage />} />
        <Route
          path="/shop/*"
          element={
            <RequireRole role="shop">
              <ShopPage />
            </RequireRole>
          }
        />
        <Route
          path="/admin/*"
          element={
            <RequireRole role="admin">
              <AdminPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
