import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'oui', 'non', 'yes', 'no', 'on', 'off'], {
    error: () => 'attendu : true ou false',
  })
  .transform((v) => ['1', 'true', 'oui', 'yes', 'on'].includes(v));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `attendu : une URL ${protocols.map((p) => p.replace(':', '://…')).join(' ou ')}` },
  );

/** An OpenID provider's issuer: https, or http on this machine only (tests, a local provider). */
const issuerUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (
        u.protocol === 'https:' ||
        (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname))
      );
    } catch {
      return false;
    }
  },
  { message: 'attendu : une URL https://… (http:// seulement sur localhost)' },
);
const oidcText = z.string().min(1, 'attendu : une valeur non vide');

/** The OpenID Connect identity providers: ÉduConnect-like (students, guardians), ProConnect-like (staff). */
export const OIDC_PROVIDERS = ['educonnect', 'proconnect'] as const;
export type OidcProviderName = (typeof OIDC_PROVIDERS)[number];

export interface OidcProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** OpenStreetMap's standard tiles, credited as its licence asks. */
export const DEFAULT_MAP = {
  tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© les contributeurs d’OpenStreetMap',
} as const;

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: () => 'attendu : un numéro de port entre 0 et 65535' })
    .int('attendu : un numéro de port entier entre 0 et 65535')
    .min(0, 'attendu : un numéro de port entre 0 et 65535')
    .max(65535, 'attendu : un numéro de port entre 0 et 65535')
    .default(3000),
  HOST: z
    .string()
    .min(1, 'attendu : une adresse d’écoute, par exemple 127.0.0.1 ou 0.0.0.0')
    .default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'attendu : un chemin de dossier').default('./var'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  GEOCODER_URL: url(['http:', 'https:']).optional(),
  MAP_TILE_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*$/,
      'attendu : une adresse de tuiles http(s) avec {z}, {x} et {y}, par exemple https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    )
    .default(DEFAULT_MAP.tileUrl),
  MAP_TILE_ATTRIBUTION: z
    .string()
    .min(1, 'attendu : le texte d’attribution des tuiles')
    .default(DEFAULT_MAP.attribution),
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      'attendu : une adresse d’expéditeur, par exemple « Stages de seconde <ne-pas-repondre@exemple.fr> »',
    )
    .optional(),
  DEMO: bool.optional(),
  JOBS: bool.default(true),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: () => 'attendu : fatal, error, warn, info, debug, trace ou silent',
    })
    .default('info'),
  SEED: z.coerce
    .number({ error: () => 'attendu : un entier' })
    .int('attendu : un entier')
    .default(20260615),
  OIDC_EDUCONNECT_ISSUER: issuerUrl.optional(),
  OIDC_EDUCONNECT_CLIENT_ID: oidcText.optional(),
  OIDC_EDUCONNECT_CLIENT_SECRET: oidcText.optional(),
  OIDC_PROCONNECT_ISSUER: issuerUrl.optional(),
  OIDC_PROCONNECT_CLIENT_ID: oidcText.optional(),
  OIDC_PROCONNECT_CLIENT_SECRET: oidcText.optional(),
  SEAL_P12_PATH: z.string().min(1, 'attendu : le chemin d’un fichier PKCS#12 (.p12)').optional(),
  SEAL_P12_PASSPHRASE: z.string().min(1, 'attendu : la phrase de passe du fichier PKCS#12').optional(),
  BODY_LIMIT: z.coerce
    .number({ error: () => 'attendu : une taille en octets' })
    .int('attendu : une taille en octets')
    .positive('attendu : une taille en octets positive')
    .default(1_048_576),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  /** the Base Adresse Nationale's search API (…/search/); undefined: offline geocoding only */
  geocoderUrl: string | undefined;
  /** the map's raster tiles (Leaflet URL template with {z}, {x}, {y}; {s} allowed) and their credit */
  map: { tileUrl: string; attribution: string };
  /** the From header of the mails; undefined: the transport's default */
  mailFrom: string | undefined;
  /** demo mode: seed the demo académie on first start, demo sign-in */
  demo: boolean;
  /** run the timed jobs (pg-boss: expiries, reminders, digest, archiving) in this process */
  jobs: boolean;
  logLevel: string;
  seed: number;
  bodyLimit: number;
  /** the configured OpenID providers (absent: not offered) */
  oidc: Partial<Record<OidcProviderName, OidcProviderSettings>>;
  /**
   * the platform's sealing certificate: a PKCS#12 file and its passphrase (production); undefined:
   * the self-signed certificate generated once and kept in the database (embedded default)
   */
  seal: { p12Path: string; passphrase: string } | undefined;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws a ConfigError with one French line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((k) => {
      const v = env[k];
      return v === undefined || v === '' ? [] : [[k, v]];
    }),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      return `Configuration invalide : la variable ${name} vaut « ${String(raw[name])} » ; ${i.message}.`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const e = parsed.data;
  const oidc: Config['oidc'] = {};
  const incomplete: string[] = [];
  for (const name of OIDC_PROVIDERS) {
    const prefix = `OIDC_${name.toUpperCase()}_`;
    const keys = ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET'].map((k) => `${prefix}${k}` as keyof typeof e);
    const values = keys.map((k) => e[k] as string | undefined);
    if (values.every((v) => v !== undefined)) {
      const [issuer, clientId, clientSecret] = values as [string, string, string];
      oidc[name] = { issuer, clientId, clientSecret };
    } else if (values.some((v) => v !== undefined)) {
      const absent = keys.filter((_k, i) => values[i] === undefined);
      incomplete.push(
        `Configuration invalide : ${keys.join(', ')} vont ensemble (toutes ou aucune) ; il manque ${absent.join(', ')}.`,
      );
    }
  }
  if ((e.SEAL_P12_PATH === undefined) !== (e.SEAL_P12_PASSPHRASE === undefined))
    incomplete.push(
      `Configuration invalide : SEAL_P12_PATH et SEAL_P12_PASSPHRASE vont ensemble (les deux ou aucune) ; il manque ${e.SEAL_P12_PATH === undefined ? 'SEAL_P12_PATH' : 'SEAL_P12_PASSPHRASE'}.`,
    );
  if (incomplete.length > 0) throw new ConfigError(incomplete.join('\n'));
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`,
    smtpUrl: e.SMTP_URL,
    geocoderUrl: e.GEOCODER_URL,
    map: { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_TILE_ATTRIBUTION },
    mailFrom: e.MAIL_FROM,
    demo: e.DEMO ?? e.DATABASE_URL === undefined,
    jobs: e.JOBS,
    logLevel: e.LOG_LEVEL,
    seed: e.SEED,
    bodyLimit: e.BODY_LIMIT,
    oidc,
    seal:
      e.SEAL_P12_PATH !== undefined && e.SEAL_P12_PASSPHRASE !== undefined
        ? { p12Path: e.SEAL_P12_PATH, passphrase: e.SEAL_P12_PASSPHRASE }
        : undefined,
  };
}
