import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { App as AntApp, ConfigProvider } from "antd";
import zhCNModule from "antd/es/locale/zh_CN.js";
import type { Locale } from "antd/es/locale/index.js";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AuthProvider, homeFor, useAuth } from "./auth/auth-context.js";
import { AppLayout } from "./layout/app-layout.js";
import { LoginPage } from "./pages/login.page.js";
import "./lib/time.js";

const IntakePage = lazy(() => import("./pages/intake.page.js"));
const DispatchPage = lazy(() => import("./pages/dispatch.page.js"));
const ReviewsPage = lazy(() => import("./pages/reviews.page.js"));
const UnitPage = lazy(() => import("./pages/unit.page.js"));
const FollowUpPage = lazy(() => import("./pages/follow-up.page.js"));
const TicketsPage = lazy(() => import("./pages/tickets.page.js"));
const TicketPage = lazy(() => import("./pages/ticket.page.js"));
const DashboardPage = lazy(() => import("./pages/dashboard.page.js"));
const AppraisalPage = lazy(() => import("./pages/appraisal.page.js"));
const UnitsAdminPage = lazy(() => import("./pages/admin/units.page.js"));
const UsersAdminPage = lazy(() => import("./pages/admin/users.page.js"));
const CategoriesAdminPage = lazy(() => import("./pages/admin/categories.page.js"));
const CalendarAdminPage = lazy(() => import("./pages/admin/calendar.page.js"));
const PolicyAdminPage = lazy(() => import("./pages/admin/policy.page.js"));
const AuditAdminPage = lazy(() => import("./pages/admin/audit.page.js"));
const CallCenterPage = lazy(() => import("./pages/call-center.page.js"));
const SupervisionPage = lazy(() => import("./pages/supervision.page.js"));
const EvaluationPage = lazy(() => import("./pages/evaluation.page.js"));
const PublicPage = lazy(() => import("./pages/public/public.page.js"));
const OutboxAdminPage = lazy(() => import("./pages/admin/outbox.page.js"));
const TicketPrintPage = lazy(() => import("./pages/ticket-print.page.js"));
const ReplyTemplatesPage = lazy(() => import("./pages/reply-templates.page.js"));
const KnowledgePage = lazy(() => import("./pages/knowledge.page.js"));

// The locale file is CommonJS-typed under NodeNext; take its default export whichever way it arrives.
const zhCN: Locale = (zhCNModule as unknown as { default?: Locale }).default ?? (zhCNModule as unknown as Locale);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: true, staleTime: 10_000, retry: 1 },
  },
});

function Home() {
  const { user, loading } = useAuth();
  if (loading) return null;
  return <Navigate to={user ? homeFor(user) : "/login"} replace />;
}

/**
 * antd's default secondary and tertiary text (rgba(0,0,0,.45) ≈ #8c8c8c) reads at 3.4:1 on white, under the 4.5:1
 * of WCAG AA that axe-core checks (issue 18 point 12): a darker grey (≈ #666, 5.7:1) for descriptions and hints.
 */
const THEME = {
  token: {
    borderRadius: 4,
    fontSize: 14,
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    // Select placeholders are text axe-core measures (4.7:1); the default blue (#1677ff, 4.0:1 on white and less on
    // the selected menu item's tint) is antd's blue-7 for links, the selected menu item and the active tab (6.1:1).
    colorTextPlaceholder: "rgba(0, 0, 0, 0.55)",
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorInfo: "#0958d9",
    // Typography type="danger" and error texts: red-7 (5.9:1) rather than #ff4d4f (3.2:1).
    colorError: "#cf1322",
  },
};

/** The workbench: antd in zh_CN, TanStack Query, routes code-split per screen. */
export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={THEME} componentSize="middle" button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/public/*" element={<Suspense fallback={null}><PublicPage /></Suspense>} />
                <Route path="/tickets/:id/print" element={<Suspense fallback={null}><TicketPrintPage /></Suspense>} />
                <Route element={<AppLayout />}>
                  <Route path="/intake" element={<IntakePage />} />
                  <Route path="/dispatch" element={<DispatchPage />} />
                  <Route path="/reviews" element={<ReviewsPage />} />
                  <Route path="/unit" element={<UnitPage />} />
                  <Route path="/follow-up" element={<FollowUpPage />} />
                  <Route path="/tickets" element={<TicketsPage />} />
                  <Route path="/tickets/:id" element={<TicketPage />} />
                  <Route path="/knowledge" element={<KnowledgePage />} />
                  <Route path="/knowledge/:id" element={<KnowledgePage />} />
                  <Route path="/dashboard" element={<DashboardPage />} />
                  <Route path="/appraisal" element={<AppraisalPage />} />
                  <Route path="/admin/units" element={<UnitsAdminPage />} />
                  <Route path="/admin/users" element={<UsersAdminPage />} />
                  <Route path="/admin/categories" element={<CategoriesAdminPage />} />
                  <Route path="/admin/calendar" element={<CalendarAdminPage />} />
                  <Route path="/admin/policy" element={<PolicyAdminPage />} />
                  <Route path="/admin/audit" element={<AuditAdminPage />} />
                  <Route path="/call-center" element={<CallCenterPage />} />
                  <Route path="/supervision" element={<SupervisionPage />} />
                  <Route path="/evaluations" element={<EvaluationPage />} />
                  <Route path="/admin/outbox" element={<OutboxAdminPage />} />
                  <Route path="/admin/reply-templates" element={<ReplyTemplatesPage />} />
                </Route>
                <Route path="*" element={<Home />} />
              </Routes>
            </BrowserRouter>
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
