/**
 * Cost of a convention's PDF: rendering (src/infra/pdf.ts), sealing (src/infra/seal.ts), both.
 *
 *   node --import tsx bench/convention-pdf.ts [--count 30000] [--workers 2] [--samples 300]
 *
 * 1. One core: p50/p95 of render alone, seal alone, render + seal, over --samples documents after a
 *    warm-up (each document differs: names, dates, reference).
 * 2. Throughput: --count documents (rendered and sealed, SHA-256 of the result as a store would) over
 *    --workers worker threads; total time, documents per second, peak RSS of the process.
 *
 * The document is a full convention written by hand here (≈ 4 pages: parties, Titre I articles 1–9,
 * annexe pédagogique with the hours table, annexe financière, signatories) and its evidence page.
 * The template domain renders the real one; the shape (blocks, lengths, tables) is what matters here.
 */
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DocBlock, DocumentModel } from '../src/domain/document.ts';
import { renderPdf } from '../src/infra/pdf.ts';
import { SEAL_COMMON_NAME, createSealer, generateSelfSignedP12 } from '../src/infra/seal.ts';

const FIRST = ['Aziliz', 'Maël', 'Léa', 'Noé', 'Chloé', 'Élouan', 'Inès', 'Gaël', 'Maïwenn', 'Loïc'];
const LAST = ['Abgrall', 'Le Gall', 'Kerhervé', 'Le Bihan', 'Tanguy', 'Quéméner', 'Guéguen', 'Le Roux'];
const HOSTS = ['Boulangerie Le Fournil d’Armor', 'Mairie de Quimperlé', 'Cabinet vétérinaire de l’Odet'];

function lorem(seed: number, words: number): string {
  const vocabulary =
    'l’élève observe les activités de l’organisme d’accueil sous la responsabilité du tuteur désigné ; il ne peut accéder à aucune machine ni produit dangereux et respecte le règlement intérieur, les consignes de sécurité et la confidentialité des informations dont il a connaissance pendant la séquence'.split(
      ' ',
    );
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(vocabulary[(seed * 31 + i * 7) % vocabulary.length]!);
  return out.join(' ') + '.';
}

export function conventionDocument(n: number): DocumentModel {
  const student = `${FIRST[n % FIRST.length]} ${LAST[n % LAST.length]}`;
  const host = HOSTS[n % HOSTS.length]!;
  const reference = `CS-2026-${(1000 + (n % 9000)).toString(36).toUpperCase().padStart(4, '0')}-Q9XD`;
  const field = (label: string, value: string): DocBlock => ({ type: 'field', label, value });
  const blocks: DocBlock[] = [
    {
      type: 'title',
      text: 'Convention relative à l’organisation d’une séquence d’observation en milieu professionnel',
    },
    {
      type: 'paragraph',
      text: 'Élèves de seconde générale et technologique – articles L. 124-1, L. 332-3-1 et D. 332-14 du code de l’éducation.',
    },
    { type: 'heading', text: 'Entre' },
    field('L’établissement', 'Lycée de Cornouaille, 8 avenue des Oiseaux, 29000 Quimper'),
    field('Représenté par', 'Mme Anne Le Floc’h, proviseure'),
    field('Et l’organisme d’accueil', host),
    field('SIRET', `1234567890${String(n % 100000).padStart(5, '0')}`),
    field('Adresse', '14 rue du Port, 29300 Quimperlé'),
    field('Représenté par', 'M. Yann Morvan, gérant'),
    field('Tuteur', 'Mme Soizic Le Goff, responsable de production – 02 98 00 00 00 – soizic@example.org'),
    field('Élève', `${student}, classe de 2de 4, née le 12 mars 2010`),
    field('Représentant légal 1', 'Mme Gwenola Abgrall – gwenola@example.org – 06 00 00 00 00'),
    field('Représentant légal 2', 'M. Erwan Abgrall – erwan@example.org – 06 00 00 00 01'),
    field('Professeur référent', 'M. Paul Riou, professeur de SES'),
    field('Dates', `du lundi 15 juin 2026 au vendredi 26 juin 2026 (semaines 25 et 26)`),
    { type: 'heading', text: 'Titre I – Dispositions générales' },
  ];
  const articles = [
    'Objet',
    'Finalité de la séquence',
    'Organisation',
    'Observation seulement',
    'Travaux interdits',
    'Statut de l’élève',
    'Assurance et accident',
    'Prévention du sexisme et du harcèlement',
    'Information mutuelle et durée',
  ];
  articles.forEach((title, i) => {
    blocks.push({ type: 'subheading', text: `Article ${i + 1} – ${title}` });
    blocks.push({ type: 'paragraph', text: lorem(n + i, 70) });
    blocks.push({ type: 'paragraph', text: lorem(n + i + 3, 45) });
    if (i === 4)
      for (const item of [
        'machines et appareils mentionnés aux articles D. 4153-15 à D. 4153-37 du code du travail ;',
        'travaux en hauteur, exposition à des agents chimiques dangereux ou à des rayonnements ;',
        'conduite d’engins, travaux électriques, manutention de charges lourdes ;',
        'tout travail de nuit ou le dimanche.',
      ])
        blocks.push({ type: 'bullet', text: item });
  });
  blocks.push(
    { type: 'heading', text: 'Titre II – Annexe pédagogique' },
    field('Activités prévues', lorem(n, 60)),
    field('Compétences observées', lorem(n + 1, 30)),
    field('Lieu', '14 rue du Port, 29300 Quimperlé – atelier et magasin'),
    field('Restauration', 'Déjeuner tiré du sac, salle de pause à disposition'),
    {
      type: 'table',
      head: ['Jour', 'Matin', 'Après-midi', 'Heures'],
      rows: ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi'].map((d) => [
        d,
        '9 h – 12 h',
        '13 h 30 – 17 h',
        '6 h 30',
      ]),
    },
    field('Total hebdomadaire', '32 h 30 (maximum 35 h, 7 h par jour)'),
    { type: 'heading', text: 'Annexe financière' },
    field('Frais de transport', 'À la charge de la famille'),
    field('Frais de repas', 'Néant'),
    field('Assurance de l’établissement', 'MAIF, contrat n° 1234567 A'),
    field('Assurance de l’organisme', 'Groupama, responsabilité civile n° 98765'),
    { type: 'heading', text: 'Signataires' },
    {
      type: 'table',
      head: ['Qualité', 'Nom', 'Courriel'],
      rows: [
        ['Chef d’établissement ou délégué', 'Anne Le Floc’h', 'ce.0290000x@example.org'],
        ['Représentant de l’organisme d’accueil', 'Yann Morvan', 'yann@example.org'],
        ['Élève', student, 'eleve@example.org'],
        ['Représentant légal 1', 'Gwenola Abgrall', 'gwenola@example.org'],
        ['Représentant légal 2', 'Erwan Abgrall', 'erwan@example.org'],
      ],
    },
    { type: 'pagebreak' },
    { type: 'heading', text: 'Page de preuve' },
    field('Référence', reference),
    field('Modèle', 'Modèle académique par défaut – 2025-2026 v1'),
    field('Empreinte SHA-256 du document', createHash('sha256').update(reference).digest('hex')),
    {
      type: 'table',
      head: ['Signataire', 'Nom', 'Méthode', 'Date', 'Adresse IP'],
      rows: [
        [
          'Chef d’établissement',
          'Anne Le Floc’h',
          'code par courriel',
          '3 juin 2026 à 10 h 12',
          '192.0.2.10',
        ],
        ['Organisme d’accueil', 'Yann Morvan', 'code par courriel', '3 juin 2026 à 18 h 40', '198.51.100.7'],
        ['Élève', student, 'code par courriel', '4 juin 2026 à 08 h 02', '203.0.113.5'],
        [
          'Représentant légal 1',
          'Gwenola Abgrall',
          'code par courriel',
          '4 juin 2026 à 21 h 15',
          '203.0.113.9',
        ],
        [
          'Représentant légal 2',
          'Erwan Abgrall',
          'code par courriel',
          '5 juin 2026 à 07 h 30',
          '203.0.113.11',
        ],
      ],
    },
    {
      type: 'paragraph',
      text: 'Ce document porte le cachet électronique de la plateforme. Pour vérifier qu’il n’a pas été modifié, déposez-le sur la page « Vérifier une convention » de la plateforme ou saisissez sa référence.',
    },
  );
  return {
    reference,
    title: `Convention de stage – ${student}`,
    footer: 'Convention de stage d’observation – modèle 2025-2026 v1',
    blocks,
  };
}

const SEAL_INFO = {
  reason: 'Convention signée par toutes les parties',
  location: 'Plateforme Stages de seconde',
  name: 'Stages de seconde',
};

async function throughputWorker(): Promise<void> {
  const { p12, passphrase, from, to } = workerData as {
    p12: Uint8Array;
    passphrase: string;
    from: number;
    to: number;
  };
  const sealer = createSealer({ p12, passphrase });
  const started = performance.now();
  let bytes = 0;
  for (let n = from; n < to; n++) {
    const pdf = await renderPdf(conventionDocument(n), { createdAt: new Date(Date.UTC(2026, 5, 1)) });
    const sealed = await sealer.seal(pdf, { ...SEAL_INFO, signedAt: new Date(Date.UTC(2026, 5, 5)) });
    createHash('sha256').update(sealed).digest('hex');
    bytes += sealed.length;
  }
  parentPort!.postMessage({ bytes, seconds: (performance.now() - started) / 1000 });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '30000' },
      workers: { type: 'string', default: '2' },
      samples: { type: 'string', default: '300' },
    },
    strict: true,
  });
  const count = Number(values.count);
  const workers = Math.max(1, Number(values.workers));
  const samples = Math.max(10, Number(values.samples));
  const ms = (x: number): string => x.toFixed(1).replace('.', ',');
  console.log(`${cpus().length} cœurs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);

  const identity = generateSelfSignedP12(SEAL_COMMON_NAME, new Date());
  const sealer = createSealer({ p12: identity.p12, passphrase: identity.passphrase });
  const createdAt = new Date(Date.UTC(2026, 5, 1));
  const signedAt = new Date(Date.UTC(2026, 5, 5));

  // warm-up
  for (let n = 0; n < 50; n++)
    await sealer.seal(await renderPdf(conventionDocument(n), { createdAt }), { ...SEAL_INFO, signedAt });
  const sample = await renderPdf(conventionDocument(0), { createdAt });
  const sampleSealed = await sealer.seal(sample, { ...SEAL_INFO, signedAt });
  const { PDFDocument } = await import('pdf-lib');
  const pageCount = (await PDFDocument.load(sample)).getPageCount();
  console.log(
    `document : ${pageCount} pages, ${sample.length} octets ; scellé : ${sampleSealed.length} octets`,
  );

  // three loops, each over `samples` different documents: wall time per document (p50/p95) and the
  // process's CPU time per document (less sensitive than wall time to other work on the machine)
  const loop = async (label: string, step: (n: number) => Promise<unknown>): Promise<string> => {
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let n = 0; n < samples; n++) {
      const t = performance.now();
      await step(n);
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    const sorted = times.sort((a, b) => a - b);
    return `| ${label} | ${ms(percentile(sorted, 50))} ms | ${ms(percentile(sorted, 95))} ms | ${ms((used.user + used.system) / 1000 / samples)} ms |`;
  };
  const rendered = await Promise.all(
    Array.from({ length: samples }, (_, n) => renderPdf(conventionDocument(1000 + n), { createdAt })),
  );
  const rows = [
    await loop('rendu', (n) => renderPdf(conventionDocument(2000 + n), { createdAt })),
    await loop('cachet', (n) => sealer.seal(rendered[n]!, { ...SEAL_INFO, signedAt })),
    await loop('rendu + cachet', async (n) =>
      sealer.seal(await renderPdf(conventionDocument(3000 + n), { createdAt }), { ...SEAL_INFO, signedAt }),
    ),
  ];
  console.log(`\nUn cœur, ${samples} documents :`);
  console.log('| mesure | p50 | p95 | CPU par document |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(row);

  console.log(`\n${count} documents sur ${workers} fils :`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const per = Math.ceil(count / workers);
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const from = w * per;
      const to = Math.min(count, from + per);
      return new Promise<{ bytes: number; seconds: number }>((resolve, reject) => {
        // a worker does not inherit tsx's loader: register it there before importing this file
        const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const worker = new Worker(code, {
          eval: true,
          workerData: { p12: identity.p12, passphrase: identity.passphrase, from, to },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  clearInterval(timer);
  const elapsed = (performance.now() - started) / 1000;
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const bytes = results.reduce((a, r) => a + r.bytes, 0);
  const cpuUsed = process.cpuUsage(cpuBefore);
  console.log(
    `durée ${elapsed.toFixed(1)} s, ${(count / elapsed).toFixed(0)} documents/s, ` +
      `CPU ${ms((cpuUsed.user + cpuUsed.system) / 1000 / count)} ms par document, ` +
      `RSS max ${(maxRss / 1024 / 1024).toFixed(0)} Mio, ${(bytes / 1024 / 1024).toFixed(0)} Mio de PDF scellés ` +
      `(boucle de chaque fil, démarrage exclu : ${results.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')})`,
  );
}

if (isMainThread && process.argv[1]?.endsWith('convention-pdf.ts')) await main();
else if (!isMainThread) await throughputWorker();
