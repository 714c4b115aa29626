/**
 * CSV import of offers through HTTP (preview, all-or-nothing publication, partner keys), the BAN
 * wired into the offers' geocoding, and the archiving of the offers at the end of a campaign.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampaign } from '../src/campaigns/store.ts';
import {
  academies,
  auditEvents,
  campaigns,
  offerReservations,
  offerWeeks,
  offers,
} from '../src/db/schema/index.ts';
import { archiveFinishedCampaigns } from '../src/offers/archive.ts';
import { offersCommand } from '../src/offers/cli.ts';
import { importOffers } from '../src/offers/import.ts';
import { signIn } from './fixtures.ts';
import { buildTestServer, type TestApp } from './helpers/app.ts';
import { useAcademyApp } from './helpers/academy-app.ts';

const t = useAcademyApp({ start: new Date('2026-11-28T10:00:00Z') });
const clock = () => t.now;

const HEADER =
  'titre;description;code_secteur;adresse;code_postal;commune;semaine_1_places;semaine_2_places;horaires;accessible;lycees_reserves';
const line = (title: string, over: Partial<Record<'sector' | 'w1' | 'postal' | 'uai', string>> = {}) =>
  `${title};Une semaine de découverte.;${over.sector ?? 'sante'};2 rue Henri Le Guilloux;${over.postal ?? '35000'};Rennes;${over.w1 ?? '2'};1;lun-ven 9:00-12:00,13:30-16:30;oui;${over.uai ?? ''}`;
const GOOD = `${HEADER}\n${line('Laboratoire')}\n${line('Radiologie', { uai: '0350024L' })}\n${line('Urgences')}\n`;
const ONE_BAD = `${HEADER}\n${line('Laboratoire')}\n${line('Radiologie', { w1: 'deux' })}\n${line('Urgences')}\n`;

const hostId = () => t.academy.hosts[0]!.id;
const countOffers = async () => (await t.database.db.select().from(offers)).length;

async function upload(
  csv: string,
  query: string,
  auth: { who?: 'host_member' | 'admin'; where?: 'inside' | 'outside'; key?: string } = {},
  host = hostId(),
) {
  const headers: Record<string, string> = { 'content-type': 'text/csv' };
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  else if (auth.who) {
    const s = await signIn(t.database.db, t.accounts[auth.where ?? 'inside'][auth.who], clock);
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrf;
  }
  return t.app.inject({
    method: 'POST',
    url: `/api/hosts/${host}/offers/import${query}`,
    headers,
    payload: csv,
  });
}

describe('CSV import of offers', () => {
  it('previews without writing anything', async () => {
    const before = await countOffers();
    const res = await upload(ONE_BAD, '?dryRun=true', { who: 'host_member' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      dryRun: true,
      status: 'published',
      host: { id: hostId(), name: 'CHU de Rennes' },
      counts: { lines: 3, valid: 2, errors: 1, published: 0 },
      errors: [
        {
          line: 3,
          column: 'semaine_1_places',
          message: 'semaine 1 : nombre de places « deux » invalide (un nombre entier de 0 à 50)',
        },
      ],
    });
    expect(body.offers[0]).toMatchObject({
      line: 2,
      title: 'Laboratoire',
      communeName: 'Rennes',
      geocodeMethod: 'postal_code_name',
      weeks: [
        { week: 1, places: 2 },
        { week: 2, places: 1 },
      ],
    });
    expect(await countOffers()).toBe(before);
  });

  it('publishes every line in one go, with weeks, reservations and an audit entry', async () => {
    const before = await countOffers();
    const res = await upload(GOOD, '', { who: 'host_member' });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual({ lines: 3, valid: 3, errors: 0, published: 3 });
    const rows = await t.database.db.select().from(offers).where(eq(offers.source, 'import'));
    expect(rows).toHaveLength(3);
    expect(await countOffers()).toBe(before + 3);
    for (const o of rows) {
      expect(o).toMatchObject({
        status: 'published',
        hostId: hostId(),
        communeInsee: '35238',
        accessible: true,
      });
      expect(o.publishedAt).toEqual(t.now);
      expect(o.hours).toHaveLength(5);
    }
    const radiology = rows.find((o) => o.title === 'Radiologie')!;
    expect(
      await t.database.db.select().from(offerWeeks).where(eq(offerWeeks.offerId, radiology.id)),
    ).toHaveLength(2);
    expect(
      await t.database.db.select().from(offerReservations).where(eq(offerReservations.offerId, radiology.id)),
    ).toEqual([{ offerId: radiology.id, schoolUai: '0350024L' }]);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'offers.imported'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ hostId: hostId(), published: 3, skippedLines: 0 });
    // the imported offers are in the public search
    const search = await t.app.inject('/api/offers?near=48.11,-1.68&radiusKm=10');
    expect(search.statusCode).toBe(200);
    const titles = JSON.stringify(search.json());
    expect(titles).toContain('Urgences');
    // reserved to a lycée: not shown to an anonymous visitor
    expect(titles).not.toContain('Radiologie');
  });

  it('refuses a file with a line in error (all or nothing), unless asked to skip the bad lines', async () => {
    const before = await countOffers();
    const refused = await upload(ONE_BAD, '?dryRun=false', { who: 'host_member' });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().detail).toMatch(/^1 ligne en erreur : rien n’a été publié/);
    expect(refused.json().errors).toEqual([
      {
        field: 'ligne 3, semaine_1_places',
        message: 'semaine 1 : nombre de places « deux » invalide (un nombre entier de 0 à 50)',
      },
    ]);
    expect(await countOffers()).toBe(before);
    const skipped = await upload(ONE_BAD, '?skipErrors=true', { who: 'host_member' });
    expect(skipped.statusCode).toBe(200);
    expect(skipped.json().counts).toEqual({ lines: 3, valid: 2, errors: 1, published: 2 });
    expect(await countOffers()).toBe(before + 2);
  });

  it('refuses a file-level problem with a French message, and a JSON body', async () => {
    const res = await upload('titre;description\nA;B\n', '?dryRun=true', { who: 'host_member' });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(
      /^Colonnes obligatoires absentes : « code_secteur » \(ou « secteur »\)/,
    );
    const s = await signIn(t.database.db, t.accounts.inside.host_member, clock);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/hosts/${hostId()}/offers/import?dryRun=true`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { titre: 'A' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().detail).toMatch(/Content-Type: text\/csv/);
    const big = await upload(`${HEADER}\n${'x'.repeat(21 * 1024 * 1024)}\n`, '?dryRun=true', {
      who: 'host_member',
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toBe('Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.');
    const unknownParam = await upload(GOOD, '?dryRun=oui', { who: 'host_member' });
    expect(unknownParam.statusCode).toBe(400);
  });

  it('checks the hours against the limits of the campaign of the place', async () => {
    const { campaign } = t.academy;
    await t.database.db
      .update(campaigns)
      .set({
        settings: { ...campaign.settings, limits: { ...campaign.settings.limits, maxMinutesPerDay: 5 * 60 } },
      })
      .where(eq(campaigns.id, campaign.id));
    const res = await upload(GOOD, '?dryRun=true', { who: 'host_member' });
    expect(res.json().counts).toMatchObject({ valid: 0, errors: 3 });
    expect(res.json().errors[0]).toEqual({
      line: 2,
      column: 'horaires',
      message: 'horaires : lundi : 6 h de présence, au-delà de 5 h par jour',
    });
    // campaigns of the year with other limits elsewhere: each line is checked against its own
    await t.database.db
      .insert(academies)
      .values({ code: '99', name: 'Autre', regionCode: '99', regionName: 'Autre' });
    await ensureCampaign(t.database.db, '99', campaign.schoolYear);
    const again = await upload(GOOD, '?dryRun=true', { who: 'host_member' });
    expect(again.json().counts).toMatchObject({ valid: 0, errors: 3 });
    expect(again.json().errors[0].message).toBe(
      'horaires : lundi : 6 h de présence, au-delà de 5 h par jour',
    );
  });

  it('places lines outside the open académies and unknown communes on error', async () => {
    const res = await upload(
      `${HEADER}\n${line('Paris', { postal: '75001' })}\n${line('Nulle part', { postal: '35999' }).replace(';Rennes;', ';Atlantide;')}\n`,
      '?dryRun=true',
      { who: 'host_member' },
    );
    expect(res.json().counts).toMatchObject({ valid: 0, errors: 2 });
    expect(res.json().errors.map((e: { column: string }) => e.column)).toEqual(['commune', 'commune']);
  });

  it('takes a partner key for its own host only, and refuses without a key or outside the scope', async () => {
    const keyOf = async (where: 'inside' | 'outside', id: string) => {
      const s = await signIn(t.database.db, t.accounts[where].host_member, clock);
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/hosts/${id}/api-keys`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { name: 'SIRH' },
      });
      return r.json().key as string;
    };
    const key1 = await keyOf('inside', t.academy.hosts[0]!.id);
    const key2 = await keyOf('outside', t.academy.hosts[1]!.id);
    const before = await countOffers();
    const other = await upload(GOOD, '', { key: key2 });
    expect(other.statusCode).toBe(404);
    const none = await upload(GOOD, '', {});
    expect(none.statusCode).toBe(401);
    const bogus = await upload(GOOD, '', { key: 'ss_live_inconnue' });
    expect(bogus.statusCode).toBe(401);
    const outsider = await upload(GOOD, '', { who: 'host_member', where: 'outside' });
    expect(outsider.statusCode).toBe(404);
    expect(await countOffers()).toBe(before);
    const mine = await upload(GOOD, '', { key: key1 });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().counts.published).toBe(3);
    const [o] = await t.database.db.select().from(offers).where(eq(offers.source, 'import')).limit(1);
    expect(o!.status).toBe('published');
  });

  it('lets an administrator import for any host', async () => {
    const res = await upload(GOOD, '', { who: 'admin' }, t.academy.hosts[1]!.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ host: { name: 'Breizh Informatique' }, counts: { published: 3 } });
  });

  it('imports through the service in chunks (2,500 offers, one transaction)', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => line(`Offre ${i}`));
    const r = await importOffers(
      { db: t.database.db, clock, publicUrl: 'http://localhost:3000' },
      null,
      hostId(),
      new TextEncoder().encode(`${HEADER}\n${lines.join('\n')}\n`),
      { dryRun: false },
    );
    expect(r.ok && r.counts.published).toBe(2500);
    expect((await t.database.db.select().from(offers).where(eq(offers.source, 'import'))).length).toBe(2500);
    expect((await t.database.db.select().from(offerWeeks)).length).toBeGreaterThanOrEqual(5000);
  });

  it('takes a file above the server-wide body limit over HTTP (7,000 lines, 1.1 MB)', async () => {
    const lines = Array.from({ length: 7000 }, (_, i) => line(`Offre numéro ${i} avec un titre un peu long`));
    const csv = `${HEADER}\n${lines.join('\n')}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1_048_576);
    const res = await upload(csv, '?dryRun=true', { who: 'host_member' });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toMatchObject({ lines: 7000, valid: 7000, errors: 0 });
    expect(res.json().offers).toHaveLength(20);
  });

  it('runs from the command line with the same French report (host by SIRET)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-import-'));
    try {
      const file = join(dir, 'offres.csv');
      writeFileSync(file, ONE_BAD);
      let out = '';
      const say = (t: string) => (out += t);
      const cli = (args: string[]) => offersCommand(args, t.database, undefined, say);
      expect(await cli(['import', '--host', '26350579400014', file, '--dry-run'])).toBe(0);
      expect(out).toContain('Organisme : CHU de Rennes');
      expect(out).toContain('3 lignes d’offres lues, 2 offres valides, 1 ligne en erreur.');
      expect(out).toContain('  ligne 3 (semaine_1_places) : semaine 1 : nombre de places « deux » invalide');
      expect(out).toContain('Aperçu : rien n’a été écrit. 2 offres seraient publiées.');
      out = '';
      expect(await cli(['import', '--host', '26350579400014', file])).toBe(1);
      expect(out).toContain('Rien n’a été publié');
      expect(await countOffers()).toBe(4);
      out = '';
      expect(await cli(['import', '--host', hostId(), file, '--skip-errors'])).toBe(0);
      expect(out).toMatch(/2 offres publiées en \d/);
      expect(await countOffers()).toBe(6);
      out = '';
      expect(await cli(['import', '--host', '00000000000000', file])).toBe(1);
      expect(out).toBe('Organisme introuvable : 00000000000000 (identifiant ou SIRET).\n');
      out = '';
      expect(await cli(['archive'])).toBe(0);
      expect(out).toMatch(/^Aucune offre à archiver/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the import route in the OpenAPI description', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(spec.paths['/api/hosts/{hostId}/offers/import']).toBeDefined();
  });
});

describe('end of campaign', () => {
  it('archives the offers of a finished campaign only once its second week is over', async () => {
    const { campaign } = t.academy;
    // 2026-2027: second week ends on the last Friday of June 2027
    t.now = new Date(`${campaign.week2End}T12:00:00Z`);
    expect((await archiveFinishedCampaigns({ db: t.database.db, clock })).archived).toBe(0);
    t.now = new Date(new Date(`${campaign.week2End}T12:00:00Z`).getTime() + 86_400_000);
    const report = await archiveFinishedCampaigns({ db: t.database.db, clock });
    expect(report.archived).toBe(4);
    expect(report.campaigns).toEqual([
      { campaignId: campaign.id, academyCode: '14', schoolYear: '2026-2027', archived: 4 },
    ]);
    const statuses = (await t.database.db.select().from(offers)).map((o) => o.status);
    expect(new Set(statuses)).toEqual(new Set(['archived']));
    expect((await archiveFinishedCampaigns({ db: t.database.db, clock })).archived).toBe(0);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'offers.archived'));
    expect(audit).toHaveLength(1);
    // an archived offer can no longer be edited by its owner
    const s = await signIn(t.database.db, t.accounts.inside.host_member, clock);
    const [o] = await t.database.db.select().from(offers).where(eq(offers.hostId, t.academy.hosts[0]!.id));
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/offers/${o!.id}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { title: 'Encore' },
    });
    expect(edit.statusCode).toBe(409);
  });
});

describe('offers placed through the Base Adresse Nationale', () => {
  const fake = { server: createServer(), url: '', down: false, requests: 0 };
  let banApp: TestApp;
  beforeAll(async () => {
    fake.server.on('request', (_req, res) => {
      fake.requests++;
      if (fake.down) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [-1.6966, 48.1207] },
              properties: {
                label: '2 Rue Henri Le Guilloux 35000 Rennes',
                score: 0.95,
                postcode: '35000',
                citycode: '35238',
              },
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/search/`;
    banApp = await buildTestServer(t.database, clock, { config: { geocoderUrl: fake.url } });
  });
  afterAll(async () => {
    await banApp.close();
    await new Promise((resolve) => (fake.server as Server).close(resolve));
  });

  async function create() {
    const s = await signIn(t.database.db, t.accounts.inside.host_member, clock);
    return banApp.inject({
      method: 'POST',
      url: '/api/offers',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: {
        title: 'Laboratoire',
        description: 'Découverte',
        sectorCode: 'sante',
        place: { address: '2 rue Henri Le Guilloux', postalCode: '35000', communeName: 'Rennes' },
        weeks: [{ week: 1, places: 1 }],
      },
    });
  }

  it('uses the BAN coordinates of the address', async () => {
    fake.down = false;
    const res = await create();
    expect(res.statusCode).toBe(201);
    expect(res.json().place).toMatchObject({ lat: 48.1207, lon: -1.6966, communeInsee: '35238' });
    const [row] = await t.database.db.select().from(offers).where(eq(offers.id, res.json().id));
    expect(row!.geocodeMethod).toBe('ban');
  });

  it('falls back to the commune when the BAN is down', async () => {
    fake.down = true;
    const asked = fake.requests;
    const res = await create();
    expect(res.statusCode).toBe(201);
    expect(fake.requests).toBeGreaterThan(asked);
    expect(res.json().place).toMatchObject({ lat: 48.11593, lon: -1.68844, communeName: 'Rennes' });
  });

  it('places imported lines through the BAN too, asking once per address', async () => {
    fake.down = false;
    const asked = fake.requests;
    const s = await signIn(t.database.db, t.accounts.inside.host_member, clock);
    const res = await banApp.inject({
      method: 'POST',
      url: `/api/hosts/${hostId()}/offers/import?dryRun=true`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/csv' },
      payload: GOOD,
    });
    expect(res.json().offers.map((o: { geocodeMethod: string }) => o.geocodeMethod)).toEqual([
      'ban',
      'ban',
      'ban',
    ]);
    expect(fake.requests - asked).toBe(1);
  });
});
