import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { PATHS } from './lib/site.ts';
import { AccessibilityPage } from './pages/AccessibilityPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LegalNoticePage } from './pages/LegalNoticePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OutboxMailPage, OutboxPage } from './pages/OutboxPage.tsx';
import { PersonalDataPage } from './pages/PersonalDataPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SiteMapPage } from './pages/SiteMapPage.tsx';
import { ForgotPasswordPage } from './auth/EmailRequestPage.tsx';
import { AUTH_PATHS } from './auth/HostSignInForm.tsx';
import { ResetPasswordPage, SignInLinkPage, VerifyEmailPage } from './auth/LinkPages.tsx';
import { SignUpPage } from './auth/SignUpPage.tsx';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: PATHS.home, element: <HomePage /> },
      { path: PATHS.accessibility, element: <AccessibilityPage /> },
      { path: PATHS.legalNotice, element: <LegalNoticePage /> },
      { path: PATHS.personalData, element: <PersonalDataPage /> },
      { path: PATHS.siteMap, element: <SiteMapPage /> },
      { path: PATHS.signIn, element: <SignInPage /> },
      { path: AUTH_PATHS.signUp, element: <SignUpPage /> },
      { path: AUTH_PATHS.verify, element: <VerifyEmailPage /> },
      { path: AUTH_PATHS.forgotPassword, element: <ForgotPasswordPage /> },
      { path: AUTH_PATHS.reset, element: <ResetPasswordPage /> },
      { path: AUTH_PATHS.link, element: <SignInLinkPage /> },
      { path: PATHS.account, element: <AccountPage /> },
      { path: PATHS.outbox, element: <OutboxPage /> },
      { path: `${PATHS.outbox}/:id`, element: <OutboxMailPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
