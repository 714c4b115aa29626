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
import { ActivationPage } from './pages/ActivationPage.tsx';
import { ClassCodesPage, CLASS_CODES_PATH } from './pages/ClassCodesPage.tsx';
import { ACTIVATION_PATH } from './components/IdentityProviders.tsx';
import { ForgotPasswordPage } from './auth/EmailRequestPage.tsx';
import { AUTH_PATHS } from './auth/HostSignInForm.tsx';
import { ResetPasswordPage, SignInLinkPage, VerifyEmailPage } from './auth/LinkPages.tsx';
import { SignUpPage } from './auth/SignUpPage.tsx';
import { OFFER_IMPORT_PATH, OfferImportPage } from './offers-import/OfferImportPage.tsx';
import { API_KEYS_PATH, ApiKeysPage } from './school/ApiKeysPage.tsx';
import { MEMBERS_PATH, MembersPage } from './host/MembersPage.tsx';
import { HOST_APPLICATIONS_PATHS } from './host-applications/api.ts';
import { ApplicationPage as HostApplicationPage } from './host-applications/ApplicationPage.tsx';
import { InboxPage as HostInboxPage } from './host-applications/InboxPage.tsx';
import { IEN_PATHS, IenOfferPage, IenQueuePage } from './ien/IenPages.tsx';
import { MODERATION_PATH, ModerationPage } from './moderation/ModerationPage.tsx';
import {
  CONVENTION_TEMPLATES_PATH,
  ConventionTemplatesPage,
} from './convention-templates/ConventionTemplatesPage.tsx';
import { MY_OFFERS_PATHS } from './my-offers/api.ts';
import { MyOffersPage } from './my-offers/MyOffersPage.tsx';
import { EditOfferPage, NewOfferPage } from './my-offers/OfferEditorPage.tsx';
import { OfferPage } from './offers/OfferPage.tsx';
import { APPLICATIONS_PATHS } from './applications/api.ts';
import { EXTERNAL_STAGE_PATHS } from './external-stages/api.ts';
import { DeclarePage } from './external-stages/DeclarePage.tsx';
import { HostAnswerPage } from './external-stages/HostAnswerPage.tsx';
import { MyApplicationsPage } from './applications/MyApplicationsPage.tsx';
import { CONVENTION_PATHS } from './conventions/api.ts';
import { ConventionPage } from './conventions/ConventionPage.tsx';
import { ConventionsListPage } from './conventions/ConventionsListPage.tsx';
import { PublicSignaturePage } from './conventions/PublicSignaturePage.tsx';
import { VerifyPage } from './conventions/VerifyPage.tsx';
import { OFFER_PATHS } from './offers/paths.ts';
import { SearchPage } from './offers/SearchPage.tsx';
import { INVITATION_PATH, InvitationPage } from './school/InvitationPage.tsx';
import {
  SCHOOL_PATHS,
  SchoolAuditPage,
  SchoolImportPage,
  SchoolStaffPage,
  SchoolStudentPage,
  SchoolStudentsPage,
} from './school/SchoolPages.tsx';
import { STEERING_PATHS } from './steering/api.ts';
import { DashboardPage as SteeringDashboardPage } from './steering/DashboardPage.tsx';
import { EcolesPage as SteeringEcolesPage } from './steering/EcolesPage.tsx';
import { MapPage as SteeringMapPage } from './steering/MapPage.tsx';
import { UnplacedPage as SteeringUnplacedPage } from './steering/UnplacedPage.tsx';
import { UNSUBSCRIBE_PATH, UnsubscribePage } from './steering/UnsubscribePage.tsx';

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
      { path: ACTIVATION_PATH, element: <ActivationPage /> },
      { path: CLASS_CODES_PATH, element: <ClassCodesPage /> },
      { path: AUTH_PATHS.signUp, element: <SignUpPage /> },
      { path: AUTH_PATHS.verify, element: <VerifyEmailPage /> },
      { path: AUTH_PATHS.forgotPassword, element: <ForgotPasswordPage /> },
      { path: AUTH_PATHS.reset, element: <ResetPasswordPage /> },
      { path: AUTH_PATHS.link, element: <SignInLinkPage /> },
      { path: PATHS.account, element: <AccountPage /> },
      { path: PATHS.outbox, element: <OutboxPage /> },
      { path: `${PATHS.outbox}/:id`, element: <OutboxMailPage /> },
      { path: SCHOOL_PATHS.students, element: <SchoolStudentsPage /> },
      { path: SCHOOL_PATHS.student, element: <SchoolStudentPage /> },
      { path: SCHOOL_PATHS.import, element: <SchoolImportPage /> },
      { path: SCHOOL_PATHS.staff, element: <SchoolStaffPage /> },
      { path: SCHOOL_PATHS.audit, element: <SchoolAuditPage /> },
      { path: INVITATION_PATH, element: <InvitationPage /> },
      { path: API_KEYS_PATH, element: <ApiKeysPage /> },
      { path: MEMBERS_PATH, element: <MembersPage /> },
      { path: HOST_APPLICATIONS_PATHS.list, element: <HostInboxPage /> },
      { path: HOST_APPLICATIONS_PATHS.detail, element: <HostApplicationPage /> },
      { path: OFFER_IMPORT_PATH, element: <OfferImportPage /> },
      { path: IEN_PATHS.queue, element: <IenQueuePage /> },
      { path: IEN_PATHS.offer, element: <IenOfferPage /> },
      { path: MODERATION_PATH, element: <ModerationPage /> },
      { path: CONVENTION_TEMPLATES_PATH, element: <ConventionTemplatesPage /> },
      { path: MY_OFFERS_PATHS.list, element: <MyOffersPage /> },
      { path: MY_OFFERS_PATHS.create, element: <NewOfferPage /> },
      { path: '/mes-offres/:id/modifier', element: <EditOfferPage /> },
      { path: OFFER_PATHS.search, element: <SearchPage /> },
      { path: OFFER_PATHS.offer, element: <OfferPage /> },
      { path: APPLICATIONS_PATHS.mine, element: <MyApplicationsPage /> },
      { path: EXTERNAL_STAGE_PATHS.declare, element: <DeclarePage /> },
      { path: EXTERNAL_STAGE_PATHS.answer, element: <HostAnswerPage /> },
      { path: CONVENTION_PATHS.list, element: <ConventionsListPage /> },
      { path: CONVENTION_PATHS.detail, element: <ConventionPage /> },
      { path: CONVENTION_PATHS.sign, element: <PublicSignaturePage /> },
      { path: CONVENTION_PATHS.verify, element: <VerifyPage /> },
      { path: STEERING_PATHS.dashboard, element: <SteeringDashboardPage /> },
      { path: STEERING_PATHS.map, element: <SteeringMapPage /> },
      { path: STEERING_PATHS.unplaced, element: <SteeringUnplacedPage /> },
      { path: STEERING_PATHS.ecoles, element: <SteeringEcolesPage /> },
      { path: UNSUBSCRIBE_PATH, element: <UnsubscribePage /> },
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
