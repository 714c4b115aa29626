/**
 * Summaries by e-mail (issue 7 §5): weekly to DSDEN and rectorat accounts (Monday 08:00, Paris),
 * daily to school heads in the last month before the stages (07:30, Paris); who gets which, and
 * when: src/domain/summaries.ts.
 *
 * The figures are the dashboard's (getDashboard, the same reading as the page: never a second
 * computation), for the scope the account lands on (homeScope). Each summary carries an
 * unsubscribe link that works without signing in; its token is stored hashed (sha-256, as every
 * token of the platform), so each summary carries a new one, which replaces the previous: the
 * link of the latest summary works, an older one answers that it is no longer valid and points
 * to the account page. summary_subscriptions.last_sent_day makes a job run twice in a day (or
 * in two processes) send once.
 *
 * The mail layer stores subject, text and HTML only (no custom header): the List-Unsubscribe
 * header is not set; the link is in the body of both versions.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hit } from '../accounts/rate-limit.ts';
import { randomToken, sha256 } from '../accounts/service.ts';
import { findCampaign } from '../campaigns/store.ts';
import type { Db } from '../db/client.ts';
import { schoolYearOn } from '../domain/campaign.ts';
import { LIMITS } from '../domain/rate-limit.ts';
import { daysBefore, homeScope, type ScopeKind } from '../domain/steering.ts';
import {
  SUMMARY_KINDS,
  SUMMARY_LABELS,
  SUMMARY_ROLES,
  inSummaryWindow,
  lowestShare,
  parisDay,
  summaryKindsOf,
  weekChange,
  type SummaryKind,
} from '../domain/summaries.ts';
import type { Role } from '../domain/permissions.ts';
import { problem, problemSchema, problems, sendProblem } from '../http/problem.ts';
import type { JobDefinition } from '../infra/jobs.ts';
import type { SummaryScope } from '../infra/mail/templates.ts';
import { queueMail } from '../notifications/service.ts';
import type { Dashboard } from './schemas.ts';
import { getDashboard, viewerForUser } from './service.ts';
import {
  claimSummary,
  rolesOf,
  setSubscribed,
  subscriptionsOf,
  summaryRecipients,
  unsubscribeByTokenHash,
  type SummaryRecipient,
} from './summaries.store.ts';

export interface SummaryDeps {
  db: Db;
  clock: () => Date;
  publicUrl: string;
}

// ---------------------------------------------------------------------------------------------
// Content: a dashboard turned into a summary's section

const LOWEST_HEADINGS: Partial<Record<ScopeKind, string>> = {
  academie: 'Les académies les moins avancées',
  departement: 'Les départements les moins avancés',
  bassin: 'Les bassins les moins avancés',
  lycee: 'Les lycées les moins avancés',
  classe: 'Les classes les moins avancées',
};

/** How many children a summary lists (the lowest share first). */
export const SUMMARY_LOWEST_ROWS = 5;

export function summaryScope(d: Dashboard, publicUrl: string): SummaryScope {
  const children = d.children;
  return {
    name: d.scope.name,
    students: d.headline.students,
    placed: d.headline.placed,
    share: d.headline.share,
    unplaced: d.headline.unplaced,
    statuses: d.statuses.filter((s) => s.count > 0).map((s) => ({ label: s.label, count: s.count })),
    missingSignatures: d.conventions.missingSignatures.map((m) => ({ label: m.label, count: m.count })),
    change: weekChange(d.trend.days),
    lowest:
      children && children.rows.length > 1
        ? {
            label: LOWEST_HEADINGS[children.kind] ?? 'Les moins avancés',
            rows: lowestShare(children.rows, SUMMARY_LOWEST_ROWS).map((r) => ({
              name: r.scope.name,
              share: r.share,
              unplaced: r.unplaced,
            })),
          }
        : null,
    // a scope's reference is letters, digits, « : », « . », « _ », « - » (parseScope): safe in a query
    link: `${publicUrl}/pilotage?scope=${d.scope.ref}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The jobs

export interface SummaryRun {
  kind: SummaryKind;
  /** summaries queued */
  sent: number;
  /** accounts skipped: unsubscribed, already sent today, outside the campaign's window, no figures */
  skipped: number;
}

/** Sends today's summaries of this kind; safe to run twice (sends once a day). */
export async function sendSummaries(deps: SummaryDeps, kind: SummaryKind, now: Date): Promise<SummaryRun> {
  const day = parisDay(now);
  const year = schoolYearOn(day);
  const steering = { db: deps.db, clock: () => now };
  const recipients = await summaryRecipients(deps.db, kind, SUMMARY_ROLES[kind]);
  const byUser = new Map<string, SummaryRecipient[]>();
  for (const r of recipients) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const campaigns = new Map<string, Awaited<ReturnType<typeof findCampaign>>>();
  const campaignOf = async (academy: string) => {
    if (!campaigns.has(academy)) campaigns.set(academy, await findCampaign(deps.db, academy, year));
    return campaigns.get(academy);
  };

  let sent = 0;
  let skipped = 0;
  for (const [userId, memberships] of byUser) {
    const first = memberships[0]!;
    if (first.subscribed === false || (first.lastSentDay !== null && first.lastSentDay >= day)) {
      skipped += 1;
      continue;
    }
    const scopes: SummaryScope[] = [];
    let computedAt: Date | null = null;
    let week1Start: string | undefined;
    const seen = new Set<string>();
    for (const m of memberships) {
      const campaign = m.academyCode === null ? undefined : await campaignOf(m.academyCode);
      if (!campaign || !inSummaryWindow(kind, day, campaign)) continue;
      const viewer = await viewerForUser(steering, userId, m.membershipId);
      const home = viewer && homeScope(viewer);
      if (!viewer || !home) continue;
      const dashboard = await getDashboard(steering, viewer, home);
      if (!dashboard.ok || seen.has(dashboard.value.scope.ref)) continue;
      seen.add(dashboard.value.scope.ref);
      scopes.push(summaryScope(dashboard.value, deps.publicUrl));
      if (dashboard.value.computedAt) computedAt = new Date(dashboard.value.computedAt);
      week1Start ??= campaign.week1Start;
    }
    if (scopes.length === 0) {
      skipped += 1;
      continue;
    }
    const token = randomToken();
    const unsubscribeLink = `${deps.publicUrl}/desabonnement?jeton=${token}&synthese=${kind}`;
    const queued = await deps.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      if (!(await claimSummary(db, { userId, kind, tokenHash: sha256(token), now, day }))) return false;
      if (kind === 'weekly')
        await queueMail(db, () => now, {
          to: first.email,
          template: 'weekly_summary',
          data: { name: first.firstName, computedAt, scopes, unsubscribeLink },
        });
      else
        await queueMail(db, () => now, {
          to: first.email,
          template: 'daily_summary',
          data: {
            name: first.firstName,
            computedAt,
            scope: scopes[0]!,
            daysToWeek1: week1Start === undefined ? 0 : daysBefore(day, week1Start),
            studentsLink: `${deps.publicUrl}/etablissement/eleves`,
            unsubscribeLink,
          },
        });
      return true;
    });
    if (queued) sent += 1;
    else skipped += 1;
  }
  return { kind, sent, skipped };
}

export function summaryJobs(deps: SummaryDeps): JobDefinition[] {
  return [
    {
      name: 'steering-weekly-summary',
      cron: '0 8 * * 1',
      tz: 'Europe/Paris',
      handler: ({ now }) => sendSummaries(deps, 'weekly', now),
    },
    {
      name: 'steering-daily-summary',
      cron: '30 7 * * *',
      tz: 'Europe/Paris',
      handler: ({ now }) => sendSummaries(deps, 'daily', now),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

export interface SummaryView {
  kind: SummaryKind;
  title: string;
  description: string;
  subscribed: boolean;
  /** ISO 8601 */
  lastSentAt: string | null;
}

/** The summaries the user's roles receive, and whether they are subscribed (yes by default). */
export async function listSummaries(deps: SummaryDeps, userId: string): Promise<SummaryView[]> {
  const [roles, subscriptions] = await Promise.all([
    rolesOf(deps.db, userId),
    subscriptionsOf(deps.db, userId),
  ]);
  return summaryKindsOf(roles as Role[]).map((kind) => {
    const s = subscriptions.find((x) => x.kind === kind);
    return {
      kind,
      ...SUMMARY_LABELS[kind],
      subscribed: s?.subscribed ?? true,
      lastSentAt: s?.lastSentAt?.toISOString() ?? null,
    };
  });
}

export type SubscriptionResult =
  { ok: true; summary: SummaryView } | { ok: false; error: 'not_received'; detail: string };

export async function updateSubscription(
  deps: SummaryDeps,
  userId: string,
  kind: SummaryKind,
  subscribed: boolean,
): Promise<SubscriptionResult> {
  const roles = await rolesOf(deps.db, userId);
  if (!summaryKindsOf(roles as Role[]).includes(kind))
    return {
      ok: false,
      error: 'not_received',
      detail: `Vos rôles ne reçoivent pas la « ${SUMMARY_LABELS[kind].title} ».`,
    };
  await setSubscribed(deps.db, {
    userId,
    kind,
    subscribed,
    placeholderHash: sha256(randomToken()),
    now: deps.clock(),
  });
  const summary = (await listSummaries(deps, userId)).find((s) => s.kind === kind)!;
  return { ok: true, summary };
}

export type UnsubscribeResult =
  | { ok: true; kind: SummaryKind; title: string }
  | { ok: false; error: 'unknown_token' }
  | { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

/** The one-click unsubscribe of a summary's link (no sign-in); limited per IP like other tokens. */
export async function unsubscribeByToken(
  deps: SummaryDeps,
  token: string,
  ip: string | undefined,
): Promise<UnsubscribeResult> {
  const limit = await hit(deps, `summary-unsubscribe-ip:${ip ?? 'inconnue'}`, LIMITS.tokensPerIp);
  if (!limit.ok) return { ok: false, error: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const r = await unsubscribeByTokenHash(deps.db, sha256(token), deps.clock());
  if (!r) return { ok: false, error: 'unknown_token' };
  return { ok: true, kind: r.kind, title: SUMMARY_LABELS[r.kind].title };
}

// ---------------------------------------------------------------------------------------------
// Routes

const kindSchema = z
  .enum(SUMMARY_KINDS)
  .describe('weekly : synthèse hebdomadaire ; daily : synthèse quotidienne');
const summarySchema = z.object({
  kind: kindSchema,
  title: z.string(),
  description: z.string(),
  subscribed: z.boolean().describe('Reçue (oui par défaut)'),
  lastSentAt: z.string().nullable().describe('Dernier envoi (ISO 8601)'),
});

export const summaryRoutes =
  (deps: SummaryDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/summaries',
      {
        config: { permission: 'summaries.manage' },
        schema: {
          tags: ['Pilotage'],
          summary: 'Mes synthèses par e-mail',
          description:
            'Les synthèses que reçoivent mes rôles (hebdomadaire : services départementaux et rectorat ; quotidienne : chefs d’établissement, le dernier mois avant les stages) et si je suis abonné.',
          response: { 200: z.object({ summaries: z.array(summarySchema) }), ...problems(400, 401, 403, 500) },
        },
      },
      async (request) => ({ summaries: await listSummaries(deps, request.principal!.userId) }),
    );

    app.put(
      '/api/summaries/:kind',
      {
        config: { permission: 'summaries.manage' },
        schema: {
          tags: ['Pilotage'],
          summary: 'S’abonner ou se désabonner d’une synthèse',
          params: z.object({ kind: kindSchema }),
          body: z.object({ subscribed: z.boolean() }).strict(),
          response: { 200: summarySchema, ...problems(400, 401, 403, 404, 500) },
        },
      },
      async (request, reply) => {
        const r = await updateSubscription(
          deps,
          request.principal!.userId,
          request.params.kind,
          request.body.subscribed,
        );
        if (!r.ok)
          return sendProblem(reply, problem(404, 'synthese-non-recue', 'Synthèse non reçue', r.detail));
        return r.summary;
      },
    );

    app.post(
      '/api/summaries/unsubscribe',
      {
        config: { permission: 'summaries.unsubscribe' },
        schema: {
          tags: ['Pilotage'],
          summary: 'Se désabonner par le lien d’une synthèse',
          description:
            'Le jeton du lien de désabonnement de la dernière synthèse reçue ; sans connexion. Chaque synthèse porte un nouveau lien qui remplace le précédent.',
          body: z.object({ token: z.string().min(1).max(200) }).strict(),
          response: {
            200: z.object({ kind: kindSchema, title: z.string(), message: z.string() }),
            404: problemSchema.describe('Lien inconnu ou remplacé par celui d’une synthèse plus récente'),
            429: problemSchema.describe(
              'Trop de tentatives : réessayez après le délai de l’en-tête Retry-After',
            ),
            ...problems(400, 500),
          },
        },
      },
      async (request, reply) => {
        const r = await unsubscribeByToken(deps, request.body.token, request.ip);
        if (r.ok)
          return {
            kind: r.kind,
            title: r.title,
            message: `Vous ne recevrez plus la « ${r.title} ». Vous pouvez vous réabonner depuis votre compte.`,
          };
        if (r.error === 'rate_limited') {
          reply.header('retry-after', String(r.retryAfterSeconds));
          return sendProblem(
            reply,
            problem(
              429,
              'trop-de-requetes',
              'Trop de tentatives',
              `Trop de demandes en peu de temps : réessayez dans ${Math.ceil(r.retryAfterSeconds / 60)} minute(s).`,
            ),
          );
        }
        return sendProblem(
          reply,
          problem(
            404,
            'lien-desabonnement-inconnu',
            'Lien de désabonnement inconnu',
            'Ce lien de désabonnement n’est pas ou plus valable : chaque synthèse porte un nouveau lien, qui remplace le précédent. Utilisez celui de la dernière synthèse reçue, ou gérez vos synthèses depuis votre compte (Mon compte, « Synthèses par e-mail »).',
          ),
        );
      },
    );
  };
