import { ensureCampaign } from '../src/campaigns/store.ts';
import type { Db } from '../src/db/client.ts';
import {
  academies,
  classes,
  departements,
  guardians,
  hosts,
  offerWeeks,
  offers,
  schools,
  sectors,
  students,
} from '../src/db/schema/index.ts';

/** A tiny académie: two lycées, three classes, a few students, hosts and offers. */
export async function loadSmallAcademy(db: Db, schoolYear = '2026-2027') {
  await db.insert(academies).values({ code: '14', name: 'Rennes', regionCode: '53', regionName: 'Bretagne' });
  await db.insert(departements).values([
    { code: '35', name: 'Ille-et-Vilaine', academyCode: '14' },
    { code: '29', name: 'Finistère', academyCode: '14' },
  ]);
  await db.insert(schools).values([
    { uai: '0350024L', kind: 'lycee', name: 'Lycée Émile Zola', isPublic: true, departementCode: '35', academyCode: '14', headcount2deGt: 382, lat: 48.1066, lon: -1.6732 },
    { uai: '0290062L', kind: 'lycee', name: 'Lycée de Cornouaille', isPublic: true, departementCode: '29', academyCode: '14', headcount2deGt: 300, lat: 47.99, lon: -4.1 },
  ]);
  const [c1, c2, c3] = await db
    .insert(classes)
    .values([
      { schoolUai: '0350024L', schoolYear, name: '2NDE1', declaredSize: 2 },
      { schoolUai: '0350024L', schoolYear, name: '2NDE2', declaredSize: 1 },
      { schoolUai: '0290062L', schoolYear, name: '2NDE A', declaredSize: 1 },
    ])
    .returning();
  const st = await db
    .insert(students)
    .values([
      { firstName: 'Léa', lastName: 'Le Goff', birthDate: '2011-03-02', classId: c1!.id, schoolUai: '0350024L' },
      { firstName: 'Yann', lastName: 'Tanguy', birthDate: '2011-07-14', classId: c1!.id, schoolUai: '0350024L' },
      { firstName: 'Inès', lastName: 'Martin', birthDate: '2010-12-30', classId: c2!.id, schoolUai: '0350024L' },
      { firstName: 'Malo', lastName: 'Guillou', birthDate: '2011-01-20', classId: c3!.id, schoolUai: '0290062L' },
    ])
    .returning();
  await db.insert(guardians).values(st.map((s) => ({ studentId: s.id, rank: 1, firstName: 'Anne', lastName: s.lastName })));
  await db.insert(sectors).values([
    { code: 'sante', name: 'Santé' },
    { code: 'informatique-et-reseaux', name: 'Informatique et réseaux' },
  ]);
  const campaign = await ensureCampaign(db, '14', schoolYear);
  const [h1, h2] = await db
    .insert(hosts)
    .values([
      { name: 'CHU de Rennes', siret: '26350579400014', isPublic: true, publicEmployerGroup: 'Hôpital' },
      { name: 'Breizh Informatique', siret: '73282932000074', isPublic: false },
    ])
    .returning();
  const base = { campaignId: campaign.id, source: 'seed' as const, description: 'Découverte', lat: 48.11, lon: -1.68 };
  const [o1, o2, o3, o4] = await db
    .insert(offers)
    .values([
      { ...base, hostId: h1!.id, status: 'published', title: 'Découverte de l’hôpital', sectorCode: 'sante' },
      { ...base, hostId: h1!.id, status: 'full', title: 'Laboratoire', sectorCode: 'sante' },
      { ...base, hostId: h2!.id, status: 'published', title: 'Développement web', sectorCode: 'informatique-et-reseaux' },
      { ...base, hostId: h2!.id, status: 'draft', title: 'Brouillon', sectorCode: 'informatique-et-reseaux' },
    ])
    .returning();
  await db.insert(offerWeeks).values([
    { offerId: o1!.id, week: 1, places: 2 },
    { offerId: o1!.id, week: 2, places: 2 },
    { offerId: o2!.id, week: 1, places: 1, taken: 1 },
    { offerId: o3!.id, week: 2, places: 5 },
    { offerId: o4!.id, week: 1, places: 9 },
  ]);
  return { campaign };
}
