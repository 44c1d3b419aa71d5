// The application frame: session, header with navigation, and the route table.
import { Component, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthenticated, setCsrfToken } from './api/client';
import type { Me } from './api/types';
import { ErrorMessage, Loading, Page } from './components/ui';
import { Link, Redirect, matchPath, navigate, useLocation } from './router';
import { SessionContext, coordinates, loadMe, participantMemberships, type Session } from './session';
import { AcceptInvitation, CompleteReset, RequestReset, SignIn } from './pages/auth';
import { Home } from './pages/home';
import { PairPage } from './pages/pair';
import { OutcomesPage } from './pages/outcomes';
import { ResourcesPage } from './pages/resources';
import { EventsPage } from './pages/events';
import { SurveyPage } from './pages/survey';
import { SurveysPage } from './pages/surveys';
import { EvaluationPage } from './pages/evaluation';
import { AgreementPage, CodebookPage, CodingDocumentPage, CodingDocumentsPage, ThemesPage } from './pages/coding';
import { UnsubscribePage } from './pages/unsubscribe';
import { Bell } from './components/Bell';
import { ProfilePage, MyProfileRedirect } from './pages/profile';
import { ProgramList, CreateProgram } from './pages/programs';
import { ProgramSetup } from './pages/setup';
import { VocabularyPage } from './pages/vocabulary';
import { Enrollment } from './pages/enrollment';
import { Workbench } from './pages/matching';
import { PairsOverview } from './pages/pairs';
import { AuditLog } from './pages/audit';
import { Outbox } from './pages/outbox';
import { InstitutionsPage, UsersPage } from './pages/admin';
import { ShortlistPage } from './pages/shortlist';
import { RequestsPage } from './pages/requests';
import { AskForVolunteerPage, CheckinPage, FollowPage, OfferPage } from './pages/peer_public';
import { PeerQueuePage } from './pages/peer_queue';
import { PeerRequestPage } from './pages/peer_request';
import { PeerAccessLogPage } from './pages/peer_access';

type RouteFn = (p: Record<string, string>) => preact.JSX.Element;
interface Route {
  path: string;
  render: RouteFn;
  /** Reachable without signing in. */
  public?: boolean;
}

const routes: Route[] = [
  { path: '/invitations/:token', render: (p) => <AcceptInvitation token={p.token} />, public: true },
  { path: '/reset-password', render: () => <RequestReset />, public: true },
  { path: '/unsubscribe/:token', render: (p) => <UnsubscribePage token={p.token} />, public: true },
  { path: '/reset-password/:token', render: (p) => <CompleteReset token={p.token} />, public: true },
  // Peer support without an account: the request page a specialist shares, and the e-mails' links.
  { path: '/peer/request/:id', render: (p) => <AskForVolunteerPage programId={Number(p.id)} />, public: true },
  { path: '/peer/follow/:token', render: (p) => <FollowPage token={p.token} />, public: true },
  { path: '/peer/offers/:token', render: (p) => <OfferPage token={p.token} />, public: true },
  { path: '/peer/check-ins/:token', render: (p) => <CheckinPage token={p.token} />, public: true },
  { path: '/', render: () => <Home /> },
  { path: '/profile', render: () => <MyProfileRedirect /> },
  { path: '/enrollments/:id/profile', render: (p) => <ProfilePage enrollmentId={Number(p.id)} /> },
  { path: '/pairs/:id', render: (p) => <PairPage pairId={Number(p.id)} /> },
  // Invitation e-mails link here (PUBLIC_URL/surveys/{invitation}).
  { path: '/surveys/:id', render: (p) => <SurveyPage invitationId={Number(p.id)} /> },
  { path: '/resources', render: () => <ResourcesPage /> },
  { path: '/programs', render: () => <ProgramList /> },
  { path: '/programs/new', render: () => <CreateProgram /> },
  { path: '/programs/:id', render: (p) => <ProgramSetup programId={Number(p.id)} /> },
  { path: '/programs/:id/vocabulary', render: (p) => <VocabularyPage programId={Number(p.id)} /> },
  { path: '/programs/:id/enrollment', render: (p) => <Enrollment programId={Number(p.id)} /> },
  // The page's address until 2026-12 (spelled "enrolment"); kept so bookmarks still open it.
  { path: '/programs/:id/enrolment', render: (p) => <Redirect to={`/programs/${p.id}/enrollment`} /> },
  { path: '/programs/:id/matching', render: (p) => <Workbench programId={Number(p.id)} /> },
  { path: '/programs/:id/pairs', render: (p) => <PairsOverview programId={Number(p.id)} /> },
  // The request e-mails link here: a mentee's shortlist, and the requests a mentor answers.
  { path: '/programs/:id/shortlist', render: (p) => <ShortlistPage programId={Number(p.id)} /> },
  { path: '/programs/:id/requests', render: (p) => <RequestsPage programId={Number(p.id)} /> },
  { path: '/programs/:id/queue', render: (p) => <PeerQueuePage programId={Number(p.id)} /> },
  { path: '/peer-requests/:id', render: (p) => <PeerRequestPage requestId={Number(p.id)} /> },
  { path: '/programs/:id/events', render: (p) => <EventsPage programId={Number(p.id)} /> },
  { path: '/programs/:id/surveys', render: (p) => <SurveysPage programId={Number(p.id)} /> },
  { path: '/programs/:id/evaluation', render: (p) => <EvaluationPage programId={Number(p.id)} /> },
  { path: '/programs/:id/coding', render: (p) => <CodingDocumentsPage programId={Number(p.id)} /> },
  { path: '/programs/:id/coding/documents/:doc', render: (p) => <CodingDocumentPage programId={Number(p.id)} documentId={Number(p.doc)} /> },
  { path: '/programs/:id/coding/codebook', render: (p) => <CodebookPage programId={Number(p.id)} /> },
  { path: '/programs/:id/coding/agreement', render: (p) => <AgreementPage programId={Number(p.id)} /> },
  { path: '/programs/:id/coding/themes', render: (p) => <ThemesPage programId={Number(p.id)} /> },
  { path: '/programs/:id/outcomes', render: (p) => <OutcomesPage programId={Number(p.id)} /> },
  { path: '/programs/:id/audit', render: (p) => <AuditLog programId={Number(p.id)} /> },
  { path: '/audit', render: () => <AuditLog /> },
  { path: '/outbox', render: () => <Outbox /> },
  { path: '/users', render: () => <UsersPage /> },
  { path: '/institutions', render: () => <InstitutionsPage /> },
  { path: '/access-log', render: () => <PeerAccessLogPage /> },
];

/** Shows a message instead of a blank page when a page fails to render. */
class PageErrorBoundary extends Component<{ path: string; children: ComponentChildren }, { failed: boolean }> {
  state = { failed: false };
  componentDidCatch(error: unknown) {
    console.warn('Tandem: a page failed to render', error);
    this.setState({ failed: true });
  }
  componentDidUpdate(prev: { path: string }) {
    if (prev.path !== this.props.path && this.state.failed) this.setState({ failed: false });
  }
  render() {
    if (this.state.failed)
      return (
        <Page title="Something went wrong">
          <div class="alert alert-error" role="alert">
            <p>This page could not be shown. Reload it; if it happens again, tell your program coordinator what you were doing.</p>
          </div>
          <p>
            <Link href="/">Go to your home page</Link>
          </p>
        </Page>
      );
    return this.props.children;
  }
}

function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p class="lead">There is no page at this address.</p>
      <p>
        <Link href="/">Go to your home page</Link>.
      </p>
    </Page>
  );
}

/** The first peer-support program the person takes part in: its emotional-support resources are one click from every page. */
function peerSupport(me: Me): number | null {
  return me.memberships.find((m) => m.program_kind === 'peer_support' && m.status === 'active')?.program_id ?? null;
}

function Header({ me, signOut }: { me: Me | null; signOut: () => void }) {
  const { path } = useLocation();
  const item = (href: string, label: string, exact = false) => {
    const current = exact ? path === href : path === href || path.startsWith(href + '/');
    return (
      <li>
        <Link href={href} aria-current={current ? 'page' : undefined}>
          {label}
        </Link>
      </li>
    );
  };
  return (
    <header class="site-header">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="header-inner">
        <Link href="/" class="brand">
          Tandem
        </Link>
        {me && (
          <nav aria-label="Main">
            <ul>
              {item('/', 'Home', true)}
              {participantMemberships(me).length > 0 && item('/profile', 'My profile')}
              {item('/resources', 'Resources')}
              {coordinates(me) && item('/programs', 'Programs')}
              {me.user.is_admin && item('/users', 'Users')}
              {me.user.is_admin && item('/institutions', 'Institutions')}
              {me.user.is_admin && item('/outbox', 'Outbox')}
              {me.user.is_admin && item('/audit', 'Audit log')}
              {me.user.is_admin && item('/access-log', 'Access log')}
            </ul>
          </nav>
        )}
        {me && peerSupport(me) && (
          <Link href={`/resources?program=${peerSupport(me)}&category=emotional_support`} class="support-link">
            Emotional support
          </Link>
        )}
        {me && <Bell />}
        {me && (
          <div class="user">
            <span class="user-name">
              {me.user.name}
              {me.user.is_admin && <span class="badge">admin</span>}
            </span>
            <button type="button" class="secondary small" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [booted, setBooted] = useState(false);
  const [bootError, setBootError] = useState<unknown>(null);
  const { path } = useLocation();

  const refresh = async () => {
    const m = await loadMe();
    setMe(m);
    return m;
  };
  const boot = () => {
    setBootError(null);
    refresh().then(
      () => setBooted(true),
      (e) => {
        setBootError(e);
        setBooted(true);
      },
    );
  };
  useEffect(boot, []);
  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        setMe(null);
      }),
    [],
  );

  const signOut = async () => {
    try {
      await api.del('/session');
    } catch {
      // Signing out locally is still right when the server has already forgotten the session.
    }
    setCsrfToken(null);
    setMe(null);
    navigate('/');
  };
  const session: Session = { me, refresh, signOut };

  let content: preact.JSX.Element;
  if (!booted) content = <Loading label="Starting Tandem…" />;
  else if (bootError)
    content = (
      <Page title="Tandem is not reachable">
        <ErrorMessage error={bootError} retry={boot} />
      </Page>
    );
  else {
    let found: preact.JSX.Element | null = null;
    for (const r of routes) {
      const params = matchPath(r.path, path);
      if (!params) continue;
      found = !r.public && !me ? <SignIn /> : r.render(params);
      break;
    }
    content = found ?? <NotFoundPage />;
  }

  return (
    <SessionContext.Provider value={session}>
      <Header me={me} signOut={signOut} />
      <main id="main" tabIndex={-1}>
        <PageErrorBoundary path={path}>{content}</PageErrorBoundary>
      </main>
      <footer class="site-footer">
        <p>Tandem · mentorship programs in cancer care</p>
      </footer>
    </SessionContext.Provider>
  );
}
