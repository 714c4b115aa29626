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
