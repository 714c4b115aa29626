#!/usr/bin/env node
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ensureAdmin } from './accounts/admin-bootstrap.ts';
import { ensureDemoAccounts } from './accounts/demo.ts';
import { sendSignInLink } from './accounts/email-auth.ts';
import { listDemoAccounts } from './accounts/service.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { outboxOnlyTransport, smtpTransport } from './infra/mail/transport.ts';
import { ensureWebBuild } from './infra/web-build.ts';
import { startMailWorker } from './notifications/worker.ts';
import { isSeeded, resetDatabase, seedDemo, type SeedReport } from './seed/demo.ts';
import { offersCommand } from './offers/cli.ts';
import { buildServer } from './server.ts';

const HELP = `stage-seconde — plateforme des stages d'observation de seconde

Usage : node --import tsx src/cli.ts <commande> [options]   (ou npm start, npm run seed)

Commandes :
  start            applique les migrations, charge l'académie de démonstration au premier
                   démarrage (mode démo), construit l'application web si besoin et sert tout
                   sur un seul port ; --skip-web-build : ne pas construire l'application web
  migrate          applique les migrations de la base de données et s'arrête
  seed [--reset]   charge l'académie de démonstration (Bretagne) ; --reset vide d'abord la base
  admin create --email <adresse> --first-name <prénom> --last-name <nom>
                   crée (ou retrouve) un compte administrateur de la plateforme et lui envoie
                   un lien de connexion à usage unique (valable 15 minutes ; il part par SMTP,
                   ou dans la boîte d'envoi de la démo, dès que le serveur tourne)
  offers import --host <identifiant|SIRET> <fichier.csv> [--dry-run] [--skip-errors]
                   importe les offres d'un organisme depuis un fichier CSV (format : page
                   « Importer des offres » ou API) ; --dry-run : aperçu sans rien écrire ;
                   --skip-errors : publier les lignes valides malgré des lignes en erreur
  offers archive   archive les offres des campagnes terminées (aussi fait par le serveur,
                   au démarrage puis chaque jour)
  help             affiche cette aide

Configuration : variables d'environnement (voir README.md) — PORT, HOST, DATA_DIR, DATABASE_URL,
PUBLIC_URL, SMTP_URL, MAIL_FROM, DEMO, JOBS, LOG_LEVEL, SEED, OIDC_EDUCONNECT_ISSUER / _CLIENT_ID /
_CLIENT_SECRET, OIDC_PROCONNECT_ISSUER / _CLIENT_ID / _CLIENT_SECRET.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
}

async function open(config: Config): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: join(config.dataDir, 'pglite'),
  });
  await database.migrate();
  return database;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function summarize(report: SeedReport): string {
  return `Démo chargée : ${report.rows.toLocaleString('fr-FR')} lignes en ${(report.durationMs / 1000).toFixed(1)} s (${Math.round(report.rowsPerSecond).toLocaleString('fr-FR')} lignes/s).`;
}

async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'skip-web-build': { type: 'boolean', default: false } },
    strict: true,
  });
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  const say = (m: string) => logger.info(m);
  const t0 = Date.now();
  if (!values['skip-web-build'] && !ensureWebBuild(say))
    fail('La construction de l’application web a échoué (npm run build:web).');
  const database = await open(config);
  if (config.demo && !(await isSeeded(database.db))) {
    say('Premier démarrage : chargement de l’académie de démonstration (Bretagne)…');
    const report = await seedDemo(database.db, { seed: config.seed, today: today(), log: say });
    say(summarize(report));
  }
  if (config.demo) await ensureDemoAccounts(database.db);
  const app = await buildServer({ config, database, clock: () => new Date(), logger });
  await app.listen({ port: config.port, host: config.host });
  // SMTP when configured (even in the demo); otherwise the demo's outbox is the mailbox
  const mailTransport = config.smtpUrl
    ? smtpTransport({ url: config.smtpUrl, from: config.mailFrom })
    : config.demo
      ? outboxOnlyTransport()
      : undefined;
  const mailWorker = mailTransport
    ? startMailWorker({ db: database.db, transport: mailTransport, logger })
    : undefined;
  // the timed jobs (expiries, reminders, digest, end-of-campaign archiving) started with the
  // server (pg-boss, see buildServer) unless JOBS=false
  if (!mailTransport)
    logger.warn('SMTP_URL absent hors démo : les courriels restent en file jusqu’à sa configuration');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  process.stdout.write(
    [
      '',
      `Stages de seconde est prêt (${((Date.now() - t0) / 1000).toFixed(1)} s) : ${url}`,
      `  API : ${url}/api/docs   ·   base : ${database.kind === 'pglite' ? `intégrée (${join(config.dataDir, 'pglite')})` : 'PostgreSQL'}${config.demo ? '   ·   mode démo' : ''}`,
      ...(config.demo ? await demoLines(database, `${url}/connexion`) : []),
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn('second signal : arrêt immédiat');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'arrêt : plus de nouvelles connexions, fin des requêtes en cours');
    void (async () => {
      try {
        await app.close();
        await mailWorker?.stop();
        await mailTransport?.close?.();
        await database.close();
        logger.info('arrêt terminé');
        process.exit(0);
      } catch (err) {
        logger.error({ err }, 'arrêt en erreur');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function demoLines(database: Database, signInUrl: string): Promise<string[]> {
  const accounts = await listDemoAccounts({ db: database.db, clock: () => new Date() });
  return [
    '',
    `Comptes de démonstration (connexion en un clic sur ${signInUrl}) :`,
    ...accounts.map(
      (a) => `  - ${a.roleLabel} : ${a.name}${a.scopeLabel ? ` (${a.scopeLabel})` : ''} <${a.email}>`,
    ),
  ];
}

async function migrateOnly(): Promise<void> {
  const config = readConfig();
  const database = await open(config);
  await database.close();
  process.stdout.write('Migrations appliquées.\n');
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { reset: { type: 'boolean', default: false } },
    strict: true,
  });
  const config = readConfig();
  const database = await open(config);
  try {
    if (values.reset) {
      await resetDatabase(database.db);
      process.stdout.write('Base vidée.\n');
    } else if (await isSeeded(database.db)) {
      process.stdout.write(
        'L’académie de démonstration est déjà chargée (utilisez --reset pour la recharger).\n',
      );
      return;
    }
    const report = await seedDemo(database.db, {
      seed: config.seed,
      today: today(),
      log: (m) => process.stdout.write(`${m}\n`),
    });
    const demo = await ensureDemoAccounts(database.db);
    process.stdout.write(`${summarize(report)}\nComptes de démonstration créés : ${demo.created}.\n`);
  } finally {
    await database.close();
  }
}

async function admin(args: string[]): Promise<void> {
  const [sub, ...options] = args;
  if (sub !== 'create')
    fail('Usage : admin create --email <adresse> --first-name <prénom> --last-name <nom>');
  const { values } = parseArgs({
    args: options,
    options: {
      email: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
    strict: true,
  });
  const email = values.email?.trim().toLowerCase() ?? '';
  const firstName = values['first-name']?.trim() ?? '';
  const lastName = values['last-name']?.trim() ?? '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    fail('Adresse électronique manquante ou invalide (--email).');
  if (!firstName || !lastName) fail('Prénom et nom obligatoires (--first-name, --last-name).');
  const config = readConfig();
  const database = await open(config);
  try {
    const deps = { db: database.db, clock: () => new Date(), publicUrl: config.publicUrl };
    const r = await ensureAdmin(deps, { email, firstName, lastName });
    await sendSignInLink(deps, email, {});
    process.stdout.write(
      [
        r.createdUser ? `Compte créé : ${email}.` : `Compte existant : ${email}.`,
        r.createdMembership ? 'Rôle administrateur ajouté.' : 'Il était déjà administrateur.',
        `Un lien de connexion à usage unique (15 minutes) est en file pour ${email} : il part dès que le serveur tourne (SMTP, ou boîte d'envoi de la démo).`,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

const [command = 'help', ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case 'start':
      await start(rest);
      break;
    case 'migrate':
      await migrateOnly();
      break;
    case 'seed':
      await seed(rest);
      break;
    case 'admin':
      await admin(rest);
      break;
    case 'offers': {
      const config = readConfig();
      const database = await open(config);
      try {
        process.exitCode = await offersCommand(rest, database, config.geocoderUrl, (t) =>
          process.stdout.write(t),
        );
      } finally {
        await database.close();
      }
      break;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      break;
    default:
      fail(`Commande inconnue : ${command}. Tapez « help » pour la liste des commandes.`);
  }
} catch (err) {
  if (err instanceof TypeError && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    fail(`Option inconnue : ${err.message}`);
  }
  throw err;
}
