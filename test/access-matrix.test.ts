/**
 * The access matrix, generated: every API route of the route table × every role × (inside its
 * scope, outside it, anonymous) gets the status the permissions table of domain/ predicts.
 * A route without a declared permission, or without a way to call it below, fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { ensureDemoAccounts } from '../src/accounts/demo.ts';
import {
  PERMISSIONS,
  ROLES,
  authorizeRole,
  ruleFor,
  type Principal,
  type Role,
} from '../src/domain/permissions.ts';
import { sha256 } from '../src/accounts/service.ts';
import { apiKeys, authTokens, memberships, users } from '../src/db/schema/index.ts';
import { queueMail } from '../src/notifications/service.ts';
import { buildServer } from '../src/server.ts';
import {
  createAccounts,
  loadMatrixOffers,
  loadOfferPlaces,
  loadSmallAcademy,
  signIn,
  type Account,
  type SmallAcademy,
} from './fixtures.ts';
import { loadMatrixApplications } from './application-fixtures.ts';
import { declarationPayload, loadMatrixExternalStages } from './external-stage-fixtures.ts';
import { loadMatrixFiles, matrixUpload } from './file-fixtures.ts';
import { loadMatrixConventions, validHostPart, validSchoolPart } from './convention-fixtures.ts';
import { loadMatrixAfter } from './convention-after-fixtures.ts';
import { loadMatrixSignatures } from './convention-signing-fixtures.ts';
import { multipart, pdfBytes } from './helpers/multipart.ts';
import { loadMatrixTemplates } from './convention-template-fixtures.ts';
import { DEFAULT_TEMPLATE } from '../src/domain/convention-template.ts';
import { emptyHostPart, emptySchoolPart } from '../src/domain/convention.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

type Where = 'inside' | 'outside';
interface Call {
  /** the request, for a caller inside or outside the resource's perimeter */
  request: (where: Where, ctx: Ctx, role: Role | 'anonymous') => InjectOptions;
  /** true when the route reads or writes a resource located in a perimeter (outside → 404) */
  located?: boolean;
  /**
   * the status a permitted caller gets when the route is reached but the call cannot succeed by
   * design (a bogus one-time token: 400; a wrong password: 401), instead of 2xx
   */
  expect?: number;
  /** roles whose "outside" account still has the resource in its perimeter (the rectorat of the same académie) */
  outsideAllowed?: readonly Role[];
  /** the status of roles the route lets through but the service refuses by design (inside and outside) */
  expectFor?: Partial<Record<Role, number>>;
}
interface Ctx {
  academy: SmallAcademy;
  demoMembershipId: string;
  mailId: string;
}

const get = (url: string) => () => ({ method: 'GET' as const, url });
const post = (url: string, payload?: (ctx: Ctx) => unknown) => (_w: Where, ctx: Ctx) => ({
  method: 'POST' as const,
  url,
  ...(payload ? { payload: payload(ctx) as Record<string, unknown> } : {}),
});

/**
 * Public e-mail routes are rate-limited per IP and per address: each call comes from its own
 * address and IP, so that the matrix checks the permission, not the limits.
 */
let publicCall = 0;
const postPublic = (url: string, payload: (n: number) => Record<string, unknown>) => () => {
  const n = ++publicCall;
  return {
    method: 'POST' as const,
    url,
    remoteAddress: `10.9.${Math.floor(n / 250)}.${(n % 250) + 1}`,
    payload: payload(n),
  };
};
const BOGUS_TOKEN = 'jeton-inconnu-0123456789abcdef';

/** How to call each route. Add an entry with every new route. */
const CALLS: Record<string, Call> = {
  'POST /api/auth/sign-up': {
    request: postPublic('/api/auth/sign-up', (n) => ({
      email: `nouvel.organisme.${n}@example.net`,
      password: 'cheval agrafe batterie correcte',
      firstName: 'Anne',
      lastName: 'Kervella',
      organisation: { name: `Organisme ${n}` },
    })),
  },
  'POST /api/auth/verify-email': {
    request: postPublic('/api/auth/verify-email', () => ({ token: BOGUS_TOKEN })),
    expect: 400,
  },
  'POST /api/auth/verify-email/resend': {
    request: postPublic('/api/auth/verify-email/resend', (n) => ({ email: `inconnu.${n}@example.net` })),
  },
  'POST /api/auth/sign-in': {
    request: postPublic('/api/auth/sign-in', (n) => ({
      email: `inconnu.${n}@example.net`,
      password: 'pas le bon mot de passe',
    })),
    expect: 401,
  },
  'POST /api/auth/password-reset/request': {
    request: postPublic('/api/auth/password-reset/request', (n) => ({ email: `inconnu.${n}@example.net` })),
  },
  'POST /api/auth/password-reset': {
    request: postPublic('/api/auth/password-reset', () => ({
      token: BOGUS_TOKEN,
      password: 'cheval agrafe batterie correcte',
    })),
    expect: 400,
  },
  'POST /api/auth/link/request': {
    request: postPublic('/api/auth/link/request', (n) => ({ email: `inconnu.${n}@example.net` })),
  },
  'POST /api/auth/link/consume': {
    request: postPublic('/api/auth/link/consume', () => ({ token: BOGUS_TOKEN })),
    expect: 400,
  },
  'GET /api/health': { request: get('/api/health') },
  'GET /api/offers': { request: get('/api/offers?near=48.11,-1.68&radiusKm=10') },
  'GET /api/offers/map': { request: get('/api/offers/map?near=48.11,-1.68&radiusKm=10') },
  'GET /api/communes': { request: get('/api/communes?q=ren') },
  'GET /api/sectors': { request: get('/api/sectors') },
  'GET /api/public/stats': { request: get('/api/public/stats') },
  'GET /api/public/map': { request: get('/api/public/map') },
  // steering: a lycée of the inside accounts (a teacher referent of no class, an IEN: outside their perimeter)
  'GET /api/steering/home': { request: get('/api/steering/home'), expectFor: { school_staff: 404 } },
  'GET /api/steering/dashboard': {
    request: get('/api/steering/dashboard?scope=lycee:0350024L'),
    located: true,
    outsideAllowed: ['rectorat'],
    expectFor: { school_staff: 404, ien: 404 },
  },
  'GET /api/steering/map': {
    request: get('/api/steering/map?scope=lycee:0350024L'),
    located: true,
    outsideAllowed: ['rectorat'],
    expectFor: { school_staff: 404, ien: 404 },
  },
  'GET /api/steering/unplaced': {
    request: get('/api/steering/unplaced?scope=lycee:0350024L'),
    located: true,
    outsideAllowed: ['rectorat'],
    expectFor: { school_staff: 404, ien: 404 },
  },
  'POST /api/steering/reminders': {
    request: post('/api/steering/reminders', () => ({ scope: 'lycee:0350024L' })),
    located: true,
    outsideAllowed: ['rectorat'],
    expectFor: { school_staff: 404 },
  },
  'GET /api/steering/circonscription': {
    request: get('/api/steering/circonscription?scope=circonscription:35-rennes-nord'),
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'GET /api/steering/export': {
    request: get('/api/steering/export?scope=lycee:0350024L&table=statuses&format=csv'),
    located: true,
    outsideAllowed: ['rectorat'],
    expectFor: { school_staff: 404, ien: 404 },
  },
  'GET /api/session': { request: get('/api/session') },
  'GET /api/demo/accounts': { request: get('/api/demo/accounts') },
  'POST /api/demo/sign-in': {
    request: post('/api/demo/sign-in', (c) => ({ membershipId: c.demoMembershipId })),
  },
  'POST /api/session/sign-out': { request: post('/api/session/sign-out') },
  'POST /api/account/sign-out-everywhere': { request: post('/api/account/sign-out-everywhere') },
  'GET /api/account/sessions': { request: get('/api/account/sessions') },
  'GET /api/account/data': { request: get('/api/account/data') },
  // e-mail summaries: one's own; the weekly one is for DSDEN and rectorat accounts only (others: 404)
  'GET /api/summaries': { request: get('/api/summaries') },
  'PUT /api/summaries/:kind': {
    request: () => ({ method: 'PUT' as const, url: '/api/summaries/weekly', payload: { subscribed: true } }),
    expectFor: {
      student: 404,
      guardian: 404,
      school_head: 404,
      school_staff: 404,
      school_director: 404,
      ien: 404,
      host_member: 404,
      admin: 404,
    },
  },
  'POST /api/summaries/unsubscribe': {
    request: postPublic('/api/summaries/unsubscribe', () => ({ token: BOGUS_TOKEN })),
    expect: 404,
  },
  'GET /api/outbox': { request: get('/api/outbox') },
  'GET /api/outbox/:id': { request: (_w, c) => ({ method: 'GET', url: `/api/outbox/${c.mailId}` }) },
  'GET /api/auth/providers': { request: get('/api/auth/providers') },
  // no provider configured here: both redirect to /connexion?erreur=…
  'GET /api/auth/oidc/:provider/start': { request: get('/api/auth/oidc/educonnect/start'), expect: 302 },
  'GET /api/auth/oidc/:provider/callback': {
    request: get('/api/auth/oidc/proconnect/callback?code=x&state=y'),
    expect: 302,
  },
  'POST /api/auth/activate': {
    request: postPublic('/api/auth/activate', (n) => ({
      classCode: 'ZZZZZZZZ',
      lastName: 'Inconnu',
      firstName: `Élève ${n}`,
      birthDate: '2011-01-01',
      email: `activation.${n}@example.net`,
    })),
    expect: 422,
  },
  'GET /api/class-codes': { request: get('/api/class-codes') },
  // a class of the Rennes lycée: inside for its head and staff, outside (404) for Quimper's
  'GET /api/classes/:classId/codes': {
    request: (_w, c) => ({ method: 'GET', url: `/api/classes/${c.academy.students[0]!.classId}/codes` }),
    located: true,
  },
  'POST /api/classes/:classId/codes': {
    request: (_w, c) => ({ method: 'POST', url: `/api/classes/${c.academy.students[0]!.classId}/codes` }),
    located: true,
  },
  // schools and hosts (engineer C): the Rennes lycée and host 1, inside for their own members;
  // Quimper's accounts are outside (404); admin acts everywhere
  'POST /api/schools/:uai/students/import/preview': {
    request: post('/api/schools/0350024L/students/import/preview', () => SCHOOL_CSV),
    located: true,
  },
  'POST /api/schools/:uai/students/import': {
    request: post('/api/schools/0350024L/students/import', () => SCHOOL_CSV),
    located: true,
  },
  'GET /api/schools/:uai/students': { request: get('/api/schools/0350024L/students'), located: true },
  // the lycée's placement follow-up (helper E): export, reminders, one student's history
  'GET /api/schools/:uai/students.csv': { request: get('/api/schools/0350024L/students.csv'), located: true },
  'POST /api/schools/:uai/placement-reminders': {
    request: post('/api/schools/0350024L/placement-reminders', () => ({})),
    located: true,
  },
  'GET /api/students/:id/placement': {
    request: (_w, c) => ({ method: 'GET', url: `/api/students/${c.academy.students[0]!.id}/placement` }),
    located: true,
  },
  'GET /api/students/:id': {
    request: (_w, c) => ({ method: 'GET', url: `/api/students/${c.academy.students[0]!.id}` }),
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'POST /api/schools/:uai/staff/invitations': {
    request: post('/api/schools/0350024L/staff/invitations', () => ({
      email: 'nouveau.professeur@example.net',
      firstName: 'Gwen',
      lastName: 'Le Bihan',
      function: 'professeur',
    })),
    located: true,
  },
  'POST /api/auth/invitation/accept': {
    request: postPublic('/api/auth/invitation/accept', () => ({
      token: invitationTokens.pop() ?? BOGUS_TOKEN,
    })),
  },
  'GET /api/schools/:uai/staff': { request: get('/api/schools/0350024L/staff'), located: true },
  'PATCH /api/schools/:uai/staff/:membershipId': {
    request: () => ({
      method: 'PATCH',
      url: `/api/schools/0350024L/staff/${accounts.inside.school_staff!.membershipId}`,
      // stays a signature delegate: the conventions' delegate routes are called as one
      payload: { signatureDelegate: true },
    }),
    located: true,
  },
  'GET /api/schools/:uai/audit': { request: get('/api/schools/0350024L/audit'), located: true },
  'POST /api/hosts/:hostId/api-keys': {
    request: (_w, c) => ({
      method: 'POST',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/api-keys`,
      payload: { name: 'Matrice' },
    }),
    located: true,
  },
  'GET /api/hosts/:hostId/api-keys': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}/api-keys` }),
    located: true,
  },
  'DELETE /api/hosts/:hostId/api-keys/:id': {
    request: (_w, c) => ({
      method: 'DELETE',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/api-keys/${apiKeyId}`,
    }),
    located: true,
  },
  'GET /api/hosts/:hostId/members': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}/members` }),
    located: true,
  },
  'POST /api/hosts/:hostId/members/invitations': {
    request: (_w, c) => ({
      method: 'POST',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/members/invitations`,
      payload: {
        email: `collegue.matrice.${++publicCall}@example.net`,
        firstName: 'Inès',
        lastName: 'Matrice',
      },
    }),
    located: true,
  },
  'DELETE /api/hosts/:hostId/members/:membershipId': {
    // each permitted call removes one of the spare members (the host keeps its own member)
    request: (_w, c) => ({
      method: 'DELETE',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/members/${spareHostMembers[spareHostMemberCalls++ % spareHostMembers.length]}`,
    }),
    located: true,
  },
  'GET /api/partner/me': { request: get('/api/partner/me') },
  // offers (each role acts on a resource of its own channel, see loadMatrixOffers)
  'POST /api/offers': {
    request: (where, _c, role) => ({
      method: 'POST',
      url: '/api/offers',
      payload: {
        title: 'Offre de la matrice',
        description: 'Découverte',
        sectorCode: 'sante',
        weeks: [{ week: 1, places: 1 }],
        ...(role === 'school_head' || role === 'dsden' || role === 'rectorat'
          ? {}
          : { place: { postalCode: '35000', communeName: 'Rennes', lat: 48.11, lon: -1.68 } }),
        ...(role === 'dsden' || role === 'rectorat'
          ? { serviceUai: role === 'dsden' && where === 'outside' ? '0291234B' : '0351234A' }
          : {}),
      },
    }),
  },
  'GET /api/offers/mine': { request: get('/api/offers/mine') },
  'GET /api/offers/:id': { request: () => ({ method: 'GET', url: `/api/offers/${matrixOffers.published}` }) },
  'PATCH /api/offers/:id': {
    request: (_w, _c, role) => {
      const edit = matrixOffers.edit as Record<string, string>;
      return {
        method: 'PATCH',
        url: `/api/offers/${edit[role === 'rectorat' ? 'dsden' : role] ?? matrixOffers.published}`,
        payload: { title: 'Titre modifié par la matrice' },
      };
    },
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'POST /api/offers/:id/events/:event': {
    request: (where, _c, role) => {
      const e = matrixOffers.event as Record<string, string>;
      const id =
        e[role === 'rectorat' || role === 'admin' ? `${role}_${where}` : role] ?? matrixOffers.published;
      const event = role === 'school_director' ? 'submit' : role === 'ien' ? 'return' : 'unpublish';
      return {
        method: 'POST',
        url: `/api/offers/${id}/events/${event}`,
        payload: { reason: 'Motif de la matrice' },
      };
    },
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'GET /api/ien/queue': { request: get('/api/ien/queue') },
  'POST /api/hosts/:hostId/offers/import': {
    request: (_w, c) => ({
      method: 'POST',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/offers/import?dryRun=true`,
      headers: { 'content-type': 'text/csv' },
      payload:
        'titre;description;code_secteur;code_postal;commune;semaine_1_places\nStage;Découverte;sante;35000;Rennes;2\n',
    }),
    located: true,
  },
  'GET /api/hosts/:hostId/offers': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}/offers` }),
    located: true,
  },
  'GET /api/schools/:uai/offers': { request: get('/api/schools/0350024L/offers'), located: true },
  'POST /api/offers/:id/flags': {
    request: () => {
      const n = ++publicCall;
      return {
        method: 'POST',
        url: `/api/offers/${matrixOffers.published}/flags`,
        remoteAddress: `10.8.${Math.floor(n / 250)}.${(n % 250) + 1}`,
        payload: { reason: 'other' },
      };
    },
  },
  'GET /api/moderation/flags': { request: get('/api/moderation/flags') },
  'POST /api/moderation/flags/:id/resolve': {
    request: (where, _c, role) => ({
      method: 'POST',
      url: `/api/moderation/flags/${role === 'admin' || role === 'rectorat' ? matrixOffers.flags[`${role}_${where}`] : matrixOffers.flags.admin_inside}/resolve`,
      payload: { action: 'dismiss' },
    }),
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'GET /api/hosts/:hostId': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}` }),
    located: true,
  },
  // applications (helper F): each call has its own application, see loadMatrixApplications
  'POST /api/offers/:id/applications': {
    request: () => ({
      method: 'POST',
      url: `/api/offers/${matrixApplications.applyOffer}/applications`,
      payload: { weeks: [2], motivation: 'Matrice' },
    }),
  },
  'GET /api/applications/mine': { request: get('/api/applications/mine') },
  'GET /api/hosts/:hostId/applications': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}/applications` }),
    located: true,
  },
  'GET /api/applications/:id': {
    request: () => ({ method: 'GET', url: `/api/applications/${matrixApplications.read}` }),
    located: true,
  },
  'POST /api/applications/:id/decision': {
    request: () => ({
      method: 'POST',
      url: `/api/applications/${matrixApplications.decide}/decision`,
      payload: { decision: 'accept' },
    }),
    located: true,
  },
  'POST /api/hosts/:hostId/applications/decisions': {
    request: (_w, c) => ({
      method: 'POST',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/applications/decisions`,
      payload: { ids: [matrixApplications.bulk], decision: 'refuse', message: 'Matrice' },
    }),
    located: true,
  },
  'POST /api/applications/:id/confirm': {
    request: () => ({ method: 'POST', url: `/api/applications/${matrixApplications.confirm}/confirm` }),
    located: true,
  },
  'POST /api/applications/:id/withdraw': {
    request: () => ({ method: 'POST', url: `/api/applications/${matrixApplications.withdraw}/withdraw` }),
    located: true,
  },
  'POST /api/applications/:id/cancel': {
    request: () => ({
      method: 'POST',
      url: `/api/applications/${matrixApplications.cancel}/cancel`,
      payload: { reason: 'Matrice' },
    }),
    located: true,
  },
  'GET /api/schools/:uai/split-requests': {
    request: get('/api/schools/0350024L/split-requests'),
    located: true,
  },
  'POST /api/applications/:id/split': {
    request: () => ({
      method: 'POST',
      url: `/api/applications/${matrixApplications.split}/split`,
      payload: { decision: 'approve' },
    }),
    located: true,
  },
  'GET /api/hosts/:hostId/settings': {
    request: (_w, c) => ({ method: 'GET', url: `/api/hosts/${c.academy.hosts[0]!.id}/settings` }),
    located: true,
  },
  'PUT /api/hosts/:hostId/settings': {
    request: (_w, c) => ({
      method: 'PUT',
      url: `/api/hosts/${c.academy.hosts[0]!.id}/settings`,
      payload: { dailyDigest: false },
    }),
    located: true,
  },
  // files and the head's decisions (helper B): uploads by role; each role reads a file of its
  // perimeter (its own CV, the CV sent to host 1, the lycée's exemption document)
  'POST /api/files': {
    request: (_w, _c, role) => {
      const body = matrixUpload(role);
      return { method: 'POST', url: '/api/files', headers: body.headers, payload: body.payload };
    },
  },
  'GET /api/files/:id': {
    request: (_w, _c, role) => ({
      method: 'GET',
      url: `/api/files/${role === 'school_head' || role === 'school_staff' ? matrixFiles.exemption : matrixFiles.cv}`,
    }),
    located: true,
  },
  'POST /api/students/:id/placement-decisions': {
    request: (_w, c) => ({
      method: 'POST',
      url: `/api/students/${c.academy.students[1]!.id}/placement-decisions`,
      payload: { kind: 'repli', comment: 'Projet au CDI avec la documentaliste.' },
    }),
    located: true,
  },
  'DELETE /api/students/:id/placement-decisions/current': {
    request: (_w, c) => ({
      method: 'DELETE',
      url: `/api/students/${c.academy.students[2]!.id}/placement-decisions/current`,
    }),
    located: true,
  },
  // stages found outside the platform (helper F): each declaration on a week the student has free
  'POST /api/students/me/external-stages': {
    request: () => ({
      method: 'POST',
      url: '/api/students/me/external-stages',
      payload: declarationPayload(),
    }),
  },
  'GET /api/students/me/external-stages': { request: get('/api/students/me/external-stages') },
  'POST /api/students/:id/external-stages': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/students/${role === 'school_staff' ? matrixExternal.forStaff : matrixExternal.forHead}/external-stages`,
      payload: declarationPayload(),
    }),
    located: true,
  },
  'GET /api/students/:id/external-stages': {
    request: (_w, c) => ({
      method: 'GET',
      url: `/api/students/${c.academy.students[0]!.id}/external-stages`,
    }),
    located: true,
  },
  'POST /api/external-stages/:id/cancel': {
    request: () => ({ method: 'POST', url: `/api/external-stages/${matrixExternal.cancel}/cancel` }),
    located: true,
  },
  'GET /api/external-stages/invitations/:token': {
    request: get(`/api/external-stages/invitations/${BOGUS_TOKEN}`),
    expect: 404,
  },
  'POST /api/external-stages/invitations/:token/decline': {
    request: post(`/api/external-stages/invitations/${BOGUS_TOKEN}/decline`, () => ({ reason: 'Matrice' })),
    expect: 404,
  },
  'POST /api/external-stages/invitations/:token/accept': {
    request: post(`/api/external-stages/invitations/${BOGUS_TOKEN}/accept`, () => ({
      hostName: 'Boulangerie Le Fournil',
      siret: '73282932000074',
      address: '3 rue de la Monnaie',
      postalCode: '35000',
      communeName: 'Rennes',
      sectorCode: 'sante',
      contactFirstName: 'Jeanne',
      contactLastName: 'Riou',
      activities: 'Fabrication du pain',
    })),
    expect: 404,
  },
  'PATCH /api/hosts/:hostId': {
    request: (_w, c) => ({
      method: 'PATCH',
      url: `/api/hosts/${c.academy.hosts[0]!.id}`,
      payload: { name: 'CHU de Rennes' },
    }),
    located: true,
  },
  // conventions (issue 6): one convention of student 1 at host 1 per call that changes it
  'GET /api/conventions': { request: get('/api/conventions') },
  'GET /api/conventions/:id': {
    request: () => ({ method: 'GET', url: `/api/conventions/${matrixConventions.read}` }),
    located: true,
  },
  'GET /api/conventions/:id/document.pdf': {
    request: () => ({ method: 'GET', url: `/api/conventions/${matrixConventions.read}/document.pdf` }),
    located: true,
  },
  'PUT /api/conventions/:id/host-part': {
    request: () => ({
      method: 'PUT',
      url: `/api/conventions/${matrixConventions.hostEdit}/host-part`,
      payload: { version: 1, hostPart: validHostPart(emptyHostPart()), complete: false },
    }),
    located: true,
  },
  'PUT /api/conventions/:id/school-part': {
    request: (_w, _c, role) => ({
      method: 'PUT',
      url: `/api/conventions/${role === 'school_staff' ? matrixConventions.schoolEdit.school_staff : matrixConventions.schoolEdit.school_head}/school-part`,
      payload: { version: 1, schoolPart: validSchoolPart(emptySchoolPart()), complete: false },
    }),
    located: true,
  },
  'POST /api/conventions/:id/validate': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/conventions/${role === 'school_staff' ? matrixConventions.validate.school_staff : matrixConventions.validate.school_head}/validate`,
      payload: { version: 1 },
    }),
    located: true,
  },
  'POST /api/conventions/bulk/validate': {
    request: () => ({
      method: 'POST',
      url: '/api/conventions/bulk/validate',
      payload: { ids: [matrixConventions.read] },
    }),
  },
  'POST /api/conventions/:id/cancel': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/conventions/${role === 'school_staff' ? matrixConventions.cancel.school_staff : matrixConventions.cancel.school_head}/cancel`,
      payload: { reason: 'Matrice' },
    }),
    located: true,
  },
  // convention templates (rectorat of académie 14 inside and outside, admin): drafts of académie 14
  // signatures (issue 6 §5): the personal link with a bogus token, codes asked for one convention,
  // each role signing its own with a code known in advance; only the head and the delegate sign in bulk
  'GET /api/signatures/:token': { request: get(`/api/signatures/${BOGUS_TOKEN}`), expect: 404 },
  'GET /api/signatures/:token/document.pdf': {
    request: get(`/api/signatures/${BOGUS_TOKEN}/document.pdf`),
    expect: 404,
  },
  'POST /api/signatures/:token/code': { request: post(`/api/signatures/${BOGUS_TOKEN}/code`), expect: 404 },
  'POST /api/signatures/:token/sign': {
    request: post(`/api/signatures/${BOGUS_TOKEN}/sign`, () => ({
      challengeId: '00000000-0000-4000-8000-000000000000',
      code: '123456',
    })),
    expect: 404,
  },
  'POST /api/conventions/:id/code': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/conventions/${matrixSignatures.code}/code`,
      payload: {
        role: { student: 'student', guardian: 'guardian_1', host_member: 'host' }[role as string] ?? 'school',
      },
    }),
    located: true,
  },
  'POST /api/conventions/:id/sign': {
    request: (_w, _c, role) => {
      const s = matrixSignatures.sign[role] ?? matrixSignatures.sign.school_head!;
      return {
        method: 'POST',
        url: `/api/conventions/${s.id}/sign`,
        payload: { role: s.role, challengeId: s.challengeId, code: s.code },
      };
    },
    located: true,
  },
  'POST /api/conventions/bulk-sign/code': {
    request: post('/api/conventions/bulk-sign/code', () => ({ ids: [matrixSignatures.code] })),
    located: true,
    expectFor: { student: 403, guardian: 403, host_member: 403 },
  },
  'POST /api/conventions/bulk-sign/:challengeId': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/conventions/bulk-sign/${matrixSignatures.bulk[role] ?? matrixSignatures.bulk.school_head}`,
      payload: { code: matrixSignatures.knownCode },
    }),
    located: true,
    expectFor: { student: 403, guardian: 403, host_member: 403 },
  },
  'POST /api/verify': {
    request: () => ({
      method: 'POST',
      url: '/api/verify',
      ...multipart([{ name: 'file', file: { filename: 'convention.pdf', content: pdfBytes() } }]),
    }),
  },
  'GET /api/verify/:reference': {
    request: () => ({ method: 'GET', url: `/api/verify/${matrixSignatures.reference}` }),
  },
  // after the signature: one signed convention per role that may ask an avenant
  'POST /api/conventions/:id/amend': {
    request: (_w, _c, role) => ({
      method: 'POST',
      url: `/api/conventions/${matrixAfter.amend[role as keyof typeof matrixAfter.amend] ?? matrixAfter.amend.school_head}/amend`,
      payload: { reason: 'Matrice', changes: ['hours'] },
    }),
    located: true,
  },
  'POST /api/conventions/:id/attendance': {
    request: () => ({
      method: 'POST',
      url: `/api/conventions/${matrixAfter.attendance.id}/attendance`,
      payload: { days: [matrixAfter.attendance.day] },
    }),
    located: true,
  },
  'GET /api/conventions/:id/attestation.pdf': {
    request: () => ({ method: 'GET', url: `/api/conventions/${matrixAfter.attestation}/attestation.pdf` }),
    located: true,
  },
  'GET /api/conventions/archive.zip': {
    request: () => ({ method: 'GET', url: `/api/conventions/archive.zip?classId=${matrixAfter.classId}` }),
    located: true,
  },
  'GET /api/convention-templates': { request: get('/api/convention-templates') },
  'GET /api/convention-templates/placeholders': { request: get('/api/convention-templates/placeholders') },
  'POST /api/convention-templates': {
    request: post('/api/convention-templates', () => ({
      schoolYear: '2026-2027',
      name: 'Version de la matrice',
      body: DEFAULT_TEMPLATE.body,
    })),
  },
  'GET /api/convention-templates/:id/preview.pdf': {
    request: () => ({ method: 'GET', url: `/api/convention-templates/${matrixTemplates[0]}/preview.pdf` }),
    located: true,
    outsideAllowed: ['rectorat'],
  },
  'POST /api/convention-templates/:id/publish': {
    // each permitted caller publishes its own draft (a published one is not published twice)
    request: (_w, _c, role) => {
      const n = role === 'rectorat' || role === 'admin' ? ++templatePublishCalls : 0;
      return { method: 'POST', url: `/api/convention-templates/${matrixTemplates[1 + n]}/publish` };
    },
    located: true,
    outsideAllowed: ['rectorat'],
  },
};

const SCHOOL_CSV = {
  filename: 'eleves.csv',
  contentBase64: Buffer.from(
    'INE;Nom;Prénom;Date de naissance;Classe;Nom responsable 1;Prénom responsable 1\n1234567890A;Le Goff;Léa;02/03/2011;2NDE1;Le Goff;Anne\n',
  ).toString('base64'),
};
/** one invitation token per call of the acceptance route */
const invitationTokens: string[] = [];
let apiKeyId = '';
/** extra members of the first host, removed one by one by the permitted DELETE calls */
const spareHostMembers: string[] = [];
let spareHostMemberCalls = 0;
let matrixOffers: Awaited<ReturnType<typeof loadMatrixOffers>>;
let matrixApplications: Awaited<ReturnType<typeof loadMatrixApplications>>;
let matrixExternal: Awaited<ReturnType<typeof loadMatrixExternalStages>>;
let matrixFiles: Awaited<ReturnType<typeof loadMatrixFiles>>;
let matrixConventions: Awaited<ReturnType<typeof loadMatrixConventions>>;
let matrixAfter: Awaited<ReturnType<typeof loadMatrixAfter>>;
let matrixSignatures: Awaited<ReturnType<typeof loadMatrixSignatures>>;
let matrixTemplates: string[] = [];
let templatePublishCalls = 0;

let database: TestDatabase;
let app: TestApp;
let ctx: Ctx;
let accounts: { inside: Record<string, Account>; outside: Record<string, Account> };
const clock = () => new Date('2026-11-28T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(database, clock);
  const academy = await loadSmallAcademy(database.db);
  accounts = await createAccounts(database.db, academy);
  await loadOfferPlaces(database.db);
  matrixOffers = await loadMatrixOffers(database.db, academy);
  matrixApplications = await loadMatrixApplications(database.db, academy, clock());
  matrixExternal = await loadMatrixExternalStages(database.db, academy, clock());
  matrixFiles = await loadMatrixFiles(
    database.db,
    academy,
    accounts.inside,
    matrixApplications.read,
    clock(),
  );
  matrixConventions = await loadMatrixConventions(database.db, academy, accounts.inside, clock());
  matrixAfter = await loadMatrixAfter(database.db, academy, clock());
  matrixSignatures = await loadMatrixSignatures(database.db, academy, accounts.inside, clock());
  matrixTemplates = await loadMatrixTemplates(database.db, clock());
  await ensureDemoAccounts(database.db);
  const demo = (await app.inject('/api/demo/accounts')).json().items as { membershipId: string }[];
  const mail = await queueMail(database.db, clock, {
    to: 'someone@example.net',
    template: 'sign_in_link',
    data: { link: 'http://localhost:3000/connexion/lien#x' },
  });
  ctx = { academy, demoMembershipId: demo[demo.length - 1]!.membershipId, mailId: mail.id };
  for (let i = 0; i < 30; i++) {
    const token = `invitation-matrice-${i}-0123456789`;
    invitationTokens.push(token);
    await database.db.insert(authTokens).values({
      kind: 'invitation',
      tokenHash: sha256(token),
      email: `invite.matrice.${i}@example.net`,
      payload: {
        schoolUai: '0350024L',
        function: 'professeur',
        firstName: 'Invité',
        lastName: `N° ${i}`,
        signatureDelegate: false,
        invitedBy: accounts.inside.school_head!.userId,
      },
      createdAt: clock(),
      expiresAt: new Date(clock().getTime() + 86_400_000),
    });
  }
  const [key] = await database.db
    .insert(apiKeys)
    .values({
      hostId: academy.hosts[0]!.id,
      name: 'À révoquer',
      prefix: 'abcdefgh',
      keyHash: sha256('matrice'),
      createdAt: clock(),
    })
    .returning();
  apiKeyId = key!.id;
  for (let i = 0; i < 40; i++) {
    const [u] = await database.db
      .insert(users)
      .values({ email: `membre.matrice.${i}@example.net`, firstName: 'Membre', lastName: `N° ${i}` })
      .returning();
    const [m] = await database.db
      .insert(memberships)
      .values({ userId: u!.id, role: 'host_member', hostId: academy.hosts[0]!.id })
      .returning();
    spareHostMembers.push(m!.id);
  }
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

function expected(
  role: Role | null,
  action: keyof typeof PERMISSIONS,
  where: Where,
  call: Call,
): number | '2xx' {
  const decision = authorizeRole(role ? ({ role } as Principal) : null, action);
  if (!decision.ok) return decision.status;
  if (role && call.expectFor?.[role] !== undefined) return call.expectFor[role];
  if (call.expect !== undefined) return call.expect;
  if (
    role &&
    call.located &&
    where === 'outside' &&
    ruleFor(action, role) !== 'any' &&
    !call.outsideAllowed?.includes(role)
  )
    return 404;
  return '2xx';
}

describe('access matrix', () => {
  it('every API route declares a permission of the table and has a call in this matrix', () => {
    expect(app.routeTable.length).toBeGreaterThan(5);
    for (const r of app.routeTable) {
      expect(r.permission, `${r.method} ${r.url} : permission non déclarée`).toBeDefined();
      expect(
        CALLS[`${r.method} ${r.url}`],
        `${r.method} ${r.url} : ajoutez cette route à la matrice`,
      ).toBeDefined();
    }
  });

  it('refuses a route registered without a permission', async () => {
    const other = await buildServer({
      config: { bodyLimit: 1000, publicUrl: 'http://localhost:3000', demo: false },
      database,
      clock,
      webDist: '/nonexistent',
    });
    other.get('/api/oubliee', async () => ({ secret: 1 }));
    await other.ready();
    const res = await other.inject('/api/oubliee');
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/pas de permission déclarée/);
    expect(other.routeTable.find((r) => r.url === '/api/oubliee')?.permission).toBeUndefined();
    await other.close();
  });

  const roles = ROLES.filter((r) => r !== 'partner');
  it.each([...roles.map((r) => [r] as const), ['anonymous'] as const])(
    '%s gets the status the table predicts on every route',
    async (role) => {
      const failures: string[] = [];
      for (const route of app.routeTable) {
        const call = CALLS[`${route.method} ${route.url}`];
        if (!call || !route.permission) continue;
        for (const where of ['inside', 'outside'] as const) {
          const headers: Record<string, string> = {};
          if (role !== 'anonymous') {
            const account = (where === 'inside' ? accounts.inside : accounts.outside)[role]!;
            const s = await signIn(database.db, account, clock);
            headers.cookie = s.cookie;
            headers['x-csrf-token'] = s.csrf;
          }
          const req = call.request(where, ctx, role);
          const res = await app.inject({
            ...req,
            headers: { ...headers, ...(req.headers as Record<string, string>) },
          });
          const want = expected(role === 'anonymous' ? null : role, route.permission, where, call);
          const ok = want === '2xx' ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === want;
          if (!ok)
            failures.push(
              `${route.method} ${route.url} (${where}) : attendu ${want}, reçu ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
