import { lazy } from "react";
import { Navigate, Outlet, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/Layout";
import { useSession } from "./auth/useSession";
import { sessions, type Role, PARTNER_ROLES } from "./auth/session";
import { signInPath } from "./auth/returnTo";
import { HOME } from "./nav";

// Every page is its own chunk: the first page loads only itself and the shell.
const SignInPage = lazy(() => import("./pages/SignInPage"));
const AuthCallbackPage = lazy(() => import("./pages/AuthCallbackPage"));
const EngagementsPage = lazy(() => import("./pages/EngagementsPage"));
const CustomersPage = lazy(() => import("./pages/CustomersPage"));
const ClaimsPage = lazy(() => import("./pages/ClaimsPage"));
const ClaimPage = lazy(() => import("./pages/claim/ClaimPage"));
const NotificationsPage = lazy(() => import("./pages/NotificationsPage"));
const PaymentsPage = lazy(() => import("./pages/PaymentsPage"));
const ReviewQueuePage = lazy(() => import("./pages/ReviewQueuePage"));
const ReviewClaimPage = lazy(() => import("./pages/ReviewClaimPage"));
const ProgramPage = lazy(() => import("./pages/ProgramPage"));
const ForbiddenPage = lazy(() => import("./pages/ForbiddenPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

/** Signed in with one of `roles`, else to sign-in (and back here afterwards) or a "not for your role" page. */
function RequireRole({ roles }: { roles: readonly Role[] }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const expired = sessions.endedBecause === "expired";
    return <Navigate to={signInPath(location.pathname + location.search, expired ? "expired" : undefined)} replace />;
  }
  if (!roles.includes(session.role)) return <ForbiddenPage />;
  return <Outlet />;
}

function Home() {
  const session = useSession();
  return <Navigate to={session ? HOME[session.role] : "/sign-in"} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="auth/callback" element={<AuthCallbackPage />} />
        <Route element={<RequireRole roles={PARTNER_ROLES} />}>
          <Route path="engagements" element={<EngagementsPage />} />
          <Route path="engagements/:engagementId/customers" element={<CustomersPage />} />
          <Route path="claims" element={<ClaimsPage />} />
          <Route path="claims/:claimId" element={<ClaimPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
        </Route>
        <Route element={<RequireRole roles={["incentives-admin"]} />}>
          <Route path="payments" element={<PaymentsPage />} />
        </Route>
        <Route element={<RequireRole roles={["reviewer"]} />}>
          <Route path="review" element={<ReviewQueuePage />} />
          <Route path="review/claims/:claimId" element={<ReviewClaimPage />} />
        </Route>
        <Route element={<RequireRole roles={["program-admin"]} />}>
          <Route path="program/*" element={<ProgramPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
