import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { homeFor, useSession } from "./services/auth/session";
import type { Role } from "./services/api/support";
import LoginPage from "./pages/LoginPage";
import ShopPage from "./pages/ShopPage";
import AdminPage from "./pages/AdminPage";
import HelpPage from "./pages/HelpPage";
import NotFoundPage from "./pages/NotFoundPage";

function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
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
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/help" element={<HelpPage />} />
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
  );
}
