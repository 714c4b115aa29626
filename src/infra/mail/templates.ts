/**
 * The e-mails the platform sends: one typed template per kind of message, each rendering a French
 * subject, a plain-text body and an HTML body in a shared layout. Every value interpolated into
 * the HTML goes through escapeHtml; the text body keeps values verbatim. Links are absolute URLs
 * built by the caller from PUBLIC_URL.
 */

export const SERVICE_NAME = 'Stages de seconde';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The data each template needs. `name` is the recipient's first name, when known. */
export interface TemplateData {
  verify_email: { name?: string | undefined; link: string };
  sign_in_link: { name?: string | undefined; link: string };
  password_reset: { name?: string | undefined; link: string };
  invitation: {
    name?: string | undefined;
    /** full name of the person who invites */
    inviterName: string;
    /** the school (or host) the invitation is for */
    schoolName: string;
    /** French label of the role, e.g. ROLE_LABELS[role] */
    roleLabel: string;
    link: string;
  };
  lockout_notice: {
    name?: string | undefined;
    lockedUntil: Date;
    /** where to ask for a password reset */
    resetLink: string;
  };
  /** someone tried to create an account with an address that already has one */
  sign_up_existing: {
    name?: string | undefined;
    /** the sign-in page */
    signInLink: string;
    /** where to ask for a password reset */
    resetLink: string;
  };
  /** moderation withdrew an offer of the host */
  offer_unpublished: {
    name?: string | undefined;
    offerTitle: string;
    /** the moderator's message */
    message: string;
    /** the host's offers dashboard */
    link: string;
  };
  /** a student applied to one of the host's offers */
  application_received: {
    name?: string | undefined;
    studentName: string;
    offerTitle: string;
    /** "la semaine 1", "les semaines 1 et 2" */
    weeks: string;
    /** the host's inbox */
    link: string;
  };
  /** the host accepted the student's application: confirm before the deadline */
  application_accepted: {
    name?: string | undefined;
    offerTitle: string;
    hostName: string;
    message: string;
    confirmBy: Date;
    link: string;
  };
  application_refused: {
    name?: string | undefined;
    offerTitle: string;
    hostName: string;
    message: string;
    link: string;
  };
  /** the student confirmed: the host has a student for those weeks */
  application_confirmed: {
    name?: string | undefined;
    studentName: string;
    offerTitle: string;
    weeks: string;
    link: string;
  };
  /** an application ended without the recipient's action (withdrawn, cancelled, overlap) */
  application_cancelled: {
    name?: string | undefined;
    offerTitle: string;
    /** what happened, a full French sentence */
    what: string;
    link: string;
  };
  /** an application got no answer in time: to the student */
  application_expired: {
    name?: string | undefined;
    offerTitle: string;
    hostName: string;
    /** the student's applications */
    link: string;
  };
  /** an application got no answer in time: to the host */
  application_expired_host: {
    name?: string | undefined;
    studentName: string;
    offerTitle: string;
    /** the host's inbox */
    link: string;
  };
  /** an acceptance was not confirmed in time: to the student */
  application_lapsed: {
    name?: string | undefined;
    offerTitle: string;
    hostName: string;
    link: string;
  };
  /** an acceptance was not confirmed in time: to the host, the place is free again */
  application_lapsed_host: {
    name?: string | undefined;
    studentName: string;
    offerTitle: string;
    link: string;
  };
  /** applications waiting for the host's answer, before they expire (at 5 days, then at 2 days) */
  application_reminder: {
    name?: string | undefined;
    /** true: the reminder at 2 days (the last one) */
    urgent: boolean;
    items: { studentName: string; offerTitle: string; expiresAt: Date }[];
    /** the host's inbox */
    link: string;
  };
  /** the daily digest of the applications received since the last mail */
  host_digest: {
    name?: string | undefined;
    count: number;
    offers: { title: string; count: number }[];
    /** the host's inbox */
    link: string;
  };
  /** a stage found outside the platform: its host's representative is asked to confirm it */
  external_stage_invitation: {
    /** the representative's name, as declared */
    name?: string | undefined;
    studentFirstName: string;
    schoolName: string;
    /** who declared it: the student or their lycée */
    declaredBy: 'student' | 'school';
    hostName: string;
    /** "semaine 1 : du 14 juin 2027 au 18 juin 2027", one per week */
    weeks: string[];
    expiresAt: Date;
    /** the host's page, with the one-time token */
    link: string;
  };
  /** the representative declined the stage the student declared */
  external_stage_declined: {
    name?: string | undefined;
    hostName: string;
    reason: string;
    /** the student's page of declared stages */
    link: string;
  };
  /** someone confirmed, for a host already registered, a stage found outside the platform */
  external_stage_host_notice: {
    name?: string | undefined;
    contactName: string;
    contactEmail: string;
    hostName: string;
    studentFirstName: string;
    schoolName: string;
    weeks: string;
    /** the host's inbox */
    link: string;
  };
  /** the school head must agree to a 1 + 1 split with two hosts */
  split_requested: {
    name?: string | undefined;
    studentName: string;
    offerTitle: string;
    hostName: string;
    link: string;
  };
  /** the lycée reminds a student still without a stage (and their guardians) */
  placement_reminder: {
    name?: string | undefined;
    studentName: string;
    schoolName: string;
    /** true: the mail goes to a legal representative, false: to the student */
    toGuardian: boolean;
    /** the offers' search */
    offersLink: string;
    /** the student's applications */
    applicationsLink: string;
  };
  /** the DSDEN or the rectorat reminds a lycée's heads of its students without a stage (pilotage) */
  steering_head_reminder: {
    name?: string | undefined;
    schoolName: string;
    /** « Le rectorat », « Les services départementaux (DSDEN) » */
    sender: string;
    toPlace: number;
    inProgress: number;
    students: number;
    /** the lycée's dashboard */
    link: string;
  };
  /** the one-time code to sign one convention (or a head's batch) */
  signature_code: {
    name?: string | undefined;
    /** 6 digits */
    code: string;
    /** what the code signs: « la convention CS-2026-7K3M-Q9XD (Léa Le Goff, CHU de Rennes) », « 30 conventions » */
    what: string;
    expiresAt: Date;
    /** the signing page */
    link: string;
  };
  /** every party signed: the sealed PDF is ready */
  convention_signed: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    /** where to download the sealed PDF */
    link: string;
  };
  /** a party has not signed a validated convention yet */
  signature_reminder: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    /** the party's role, e.g. « Représentant légal 1 » */
    roleLabel: string;
    /** true: the last reminder */
    last: boolean;
    /** the personal signing link */
    link: string;
  };
  /** conventions complete on both parts wait for the school's validation */
  validation_reminder: {
    name?: string | undefined;
    schoolName: string;
    items: { reference: string; studentName: string; hostName: string }[];
    /** the lycée's conventions */
    link: string;
  };
  /** a confirmed stage: its convention is created, the host completes its part */
  convention_to_complete: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    offerTitle: string;
    /** « du 14 juin 2027 au 25 juin 2027 » */
    dates: string;
    /** the convention's page */
    link: string;
  };
  /** the school validated the convention: each signatory gets a personal signing link */
  convention_ready_to_sign: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    /** the party's role, e.g. « Représentant légal 1 » */
    roleLabel: string;
    /** the personal signing link */
    link: string;
  };
  /** a change after validation: the signatures given or asked are cancelled */
  convention_signatures_cancelled: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    /** « la partie de l’organisme », « la partie du lycée » */
    what: string;
    /** true: this party had already signed */
    hadSigned: boolean;
    /** the convention's page */
    link: string;
  };
  /** the convention is cancelled (by the lycée, or its stage withdrawn or cancelled) */
  convention_cancelled: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    reason: string;
    /** the convention's page */
    link: string;
  };
  /** an avenant to a signed convention is opened (host and lycée) */
  convention_amendment: {
    name?: string | undefined;
    /** the signed convention amended */
    reference: string;
    /** the avenant's own reference */
    amendmentReference: string;
    number: number;
    studentName: string;
    hostName: string;
    reason: string;
    /** « les dates, les horaires » */
    changes: string;
    /** the avenant's page */
    link: string;
  };
  /** the host confirmed the days of presence: the attestation is available (student, head) */
  convention_attested: {
    name?: string | undefined;
    reference: string;
    studentName: string;
    hostName: string;
    days: number;
    /** the convention's page (the attestation's link) */
    link: string;
  };
  /** the weekly steering summary (DSDEN, rectorat): one section per scope of the account */
  weekly_summary: {
    name?: string | undefined;
    /** when the figures were computed (null: never) */
    computedAt: Date | null;
    scopes: SummaryScope[];
    /** the summary's one-click unsubscribe page (no sign-in) */
    unsubscribeLink: string;
  };
  /** the daily summary of a lycée (head), in the last month before the stages */
  daily_summary: {
    name?: string | undefined;
    computedAt: Date | null;
    scope: SummaryScope;
    /** days until the first stage week (0 or less: the stages have started) */
    daysToWeek1: number;
    /** the lycée's students and their placement */
    studentsLink: string;
    unsubscribeLink: string;
  };
}

/** A scope's figures in a summary, as its dashboard shows them. */
export interface SummaryScope {
  /** « Académie de Rennes », « Ille-et-Vilaine (35) », « Lycée Émile Zola (Rennes) » */
  name: string;
  students: number;
  placed: number;
  share: number | null;
  /** to place + in progress */
  unplaced: number;
  statuses: { label: string; count: number }[];
  /** validated conventions missing a party's signature, by party */
  missingSignatures: { label: string; count: number }[];
  /** the change over the last week (null: no history yet) */
  change: { since: string; placed: number; share: number | null } | null;
  /** the lowest children under a heading (« Les départements les moins avancés »), lowest share first */
  lowest: { label: string; rows: { name: string; share: number | null; unplaced: number }[] } | null;
  /** the scope's dashboard */
  link: string;
}

export type TemplateName = keyof TemplateData;

/** Escapes a value for HTML text and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A link must be an absolute http(s) URL: anything else (javascript:, relative) is a bug of the caller. */
function checkLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error(`lien de courriel invalide (URL absolue attendue) : ${link}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`lien de courriel invalide (http ou https attendu) : ${link}`);
  }
  return url.toString();
}

/** A header value on one line (no CR/LF), trimmed. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Built once: creating an Intl.DateTimeFormat costs far more than formatting with it. */
const PARIS_DATE_TIME_PARTS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "samedi 28 novembre 2026 à 11 h 15", in Paris time. */
export function formatDateTimeFr(date: Date): string {
  const parts = PARIS_DATE_TIME_PARTS.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} à ${Number(get('hour'))} h ${get('minute')}`;
}

// ---------------------------------------------------------------------------------------------
// Building blocks: a message is a list of blocks, rendered once as text and once as HTML.

type Block =
  /** a paragraph */
  | { kind: 'p'; text: string }
  /** the main action: a button in HTML, the bare URL on its own line in text */
  | { kind: 'action'; label: string; url: string }
  /** a less visible paragraph (validity, "ignore this message") */
  | { kind: 'note'; text: string }
  /** a less visible paragraph ending with a plain link (an unsubscribe link) */
  | { kind: 'link'; text: string; label: string; url: string };

interface Message {
  subject: string;
  greetingName?: string | undefined;
  blocks: Block[];
  /** why the person receives this message, for the footer */
  reason: string;
}

const COLORS = {
  text: '#161616',
  muted: '#3a3a3a',
  blue: '#000091',
  border: '#dddddd',
  background: '#f6f6f6',
};

const FONT = 'Marianne, Arial, Helvetica, sans-serif';

function greeting(name: string | undefined): string {
  const n = name === undefined ? '' : oneLine(name);
  return n === '' ? 'Bonjour,' : `Bonjour ${n},`;
}

function renderText(m: Message): string {
  const lines: string[] = [greeting(m.greetingName), ''];
  for (const b of m.blocks) {
    if (b.kind === 'action') lines.push(`${b.label} :`, b.url, '');
    else if (b.kind === 'link') lines.push(`${b.text} ${b.label} :`, b.url, '');
    else lines.push(b.text, '');
  }
  lines.push(
    `L’équipe ${SERVICE_NAME}`,
    '',
    '-- ',
    m.reason,
    'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
  );
  return `${lines.join('\n')}\n`;
}

function renderHtml(m: Message): string {
  const e = escapeHtml;
  const body = m.blocks
    .map((b) => {
      switch (b.kind) {
        case 'p':
          return `<p style="margin:0 0 16px 0;">${e(b.text)}</p>`;
        case 'note':
          return `<p style="margin:0 0 16px 0;font-size:14px;color:${COLORS.muted};">${e(b.text)}</p>`;
        case 'link':
          return `<p style="margin:0 0 16px 0;font-size:14px;color:${COLORS.muted};">${e(b.text)} <a href="${e(b.url)}" style="color:${COLORS.blue};">${e(b.label)}</a></p>`;
        case 'action':
          return [
            `<p style="margin:24px 0;">`,
            `<a href="${e(b.url)}" style="display:inline-block;padding:12px 20px;background:${COLORS.blue};color:#ffffff;text-decoration:underline;font-weight:bold;">${e(b.label)}</a>`,
            `</p>`,
            `<p style="margin:0 0 16px 0;font-size:14px;color:${COLORS.muted};">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>`,
            `<a href="${e(b.url)}" style="color:${COLORS.blue};word-break:break-all;">${e(b.url)}</a></p>`,
          ].join('\n');
      }
    })
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.subject)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.background};">
<div role="article" aria-label="${e(m.subject)}" lang="fr" style="max-width:600px;margin:0 auto;padding:24px 16px;font-family:${FONT};font-size:16px;line-height:1.5;color:${COLORS.text};">
<div style="padding:16px 24px;background:#ffffff;border-bottom:4px solid ${COLORS.blue};">
<p style="margin:0;font-size:20px;font-weight:bold;color:${COLORS.blue};">${e(SERVICE_NAME)}</p>
</div>
<div style="padding:24px;background:#ffffff;">
<p style="margin:0 0 16px 0;">${e(greeting(m.greetingName))}</p>
${body}
<p style="margin:24px 0 0 0;">L’équipe ${e(SERVICE_NAME)}</p>
</div>
<div style="padding:16px 24px;font-size:13px;color:${COLORS.muted};">
<p style="margin:0 0 8px 0;">${e(m.reason)}</p>
<p style="margin:0;">Ce message est envoyé automatiquement : merci de ne pas y répondre.</p>
</div>
</div>
</body>
</html>
`;
}

function render(m: Message): RenderedMail {
  return { subject: oneLine(m.subject), text: renderText(m), html: renderHtml(m) };
}

const IGNORE = 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera modifié.';

// ---------------------------------------------------------------------------------------------
// Steering summaries (weekly, daily): figures in French, one block per line.

const INTEGER_FR = new Intl.NumberFormat('fr-FR');
const PERCENT_FR = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const POINTS_FR = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, signDisplay: 'always' });
const DAY_FR = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' });

function percent(share: number | null): string {
  return share === null ? 'sans objet' : PERCENT_FR.format(share);
}

function plural(n: number, one: string, many: string): string {
  return `${INTEGER_FR.format(n)} ${n > 1 ? many : one}`;
}

function scopeBlocks(s: SummaryScope): Block[] {
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `${oneLine(s.name)} : ${percent(s.share)} des élèves de 2de GT placés (${INTEGER_FR.format(s.placed)} sur ${INTEGER_FR.format(s.students)}, toutes conventions signées) ; ${plural(s.unplaced, 'élève', 'élèves')} à placer ou en cours.`,
    },
  ];
  if (s.change)
    blocks.push({
      kind: 'p',
      text: `Depuis le ${DAY_FR.format(new Date(`${s.change.since}T00:00:00Z`))} : ${s.change.placed >= 0 ? '+' : ''}${INTEGER_FR.format(s.change.placed)} élève${Math.abs(s.change.placed) > 1 ? 's' : ''} placé${Math.abs(s.change.placed) > 1 ? 's' : ''}${s.change.share === null ? '' : ` (${POINTS_FR.format(s.change.share * 100)} point${Math.abs(s.change.share * 100) >= 2 ? 's' : ''})`}.`,
    });
  blocks.push({
    kind: 'p',
    text: `Situation des élèves — ${s.statuses.map((r) => `${oneLine(r.label)} : ${INTEGER_FR.format(r.count)}`).join(' ; ')}.`,
  });
  const missing = s.missingSignatures.filter((m) => m.count > 0);
  blocks.push({
    kind: 'p',
    text:
      missing.length === 0
        ? 'Aucune convention validée n’attend de signature.'
        : `Conventions validées en attente de signature — ${missing.map((m) => `${oneLine(m.label)} : ${INTEGER_FR.format(m.count)}`).join(' ; ')}.`,
  });
  if (s.lowest && s.lowest.rows.length > 0) {
    blocks.push({ kind: 'p', text: `${oneLine(s.lowest.label)} :` });
    for (const r of s.lowest.rows)
      blocks.push({
        kind: 'p',
        text: `– ${oneLine(r.name)} : ${percent(r.share)} placés, ${plural(r.unplaced, 'élève', 'élèves')} à placer ou en cours`,
      });
  }
  blocks.push({
    kind: 'action',
    label: `Ouvrir le tableau de bord – ${oneLine(s.name)}`,
    url: checkLink(s.link),
  });
  return blocks;
}

function computedNote(at: Date | null): Block {
  return {
    kind: 'note',
    text:
      at === null
        ? 'Les indicateurs n’ont pas encore été calculés.'
        : `Chiffres calculés le ${formatDateTimeFr(at)}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// The templates.

export const templates: { [K in TemplateName]: (data: TemplateData[K]) => RenderedMail } = {
  verify_email: (d) =>
    render({
      subject: `Confirmez votre adresse électronique – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Pour finir de créer votre compte sur ${SERVICE_NAME}, confirmez votre adresse électronique.`,
        },
        { kind: 'action', label: 'Confirmer mon adresse', url: checkLink(d.link) },
        { kind: 'note', text: IGNORE },
      ],
      reason: `Vous recevez ce message parce qu’un compte a été créé avec cette adresse sur ${SERVICE_NAME}.`,
    }),

  sign_in_link: (d) =>
    render({
      subject: `Votre lien de connexion – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        { kind: 'p', text: `Vous avez demandé à vous connecter à ${SERVICE_NAME} sans mot de passe.` },
        { kind: 'action', label: 'Me connecter', url: checkLink(d.link) },
        { kind: 'note', text: 'Ce lien est valable 15 minutes et ne peut servir qu’une fois.' },
        { kind: 'note', text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.' },
      ],
      reason: `Vous recevez ce message parce qu’un lien de connexion a été demandé pour cette adresse sur ${SERVICE_NAME}.`,
    }),

  password_reset: (d) =>
    render({
      subject: `Réinitialisation de votre mot de passe – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Vous avez demandé à choisir un nouveau mot de passe pour votre compte ${SERVICE_NAME}.`,
        },
        { kind: 'action', label: 'Choisir un nouveau mot de passe', url: checkLink(d.link) },
        { kind: 'note', text: 'Ce lien est valable 1 heure et ne peut servir qu’une fois.' },
        { kind: 'note', text: IGNORE },
      ],
      reason: `Vous recevez ce message parce qu’une réinitialisation du mot de passe a été demandée pour cette adresse sur ${SERVICE_NAME}.`,
    }),

  invitation: (d) =>
    render({
      subject: `${oneLine(d.inviterName)} vous invite sur ${SERVICE_NAME} (${oneLine(d.schoolName)})`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.inviterName)} vous invite à rejoindre ${SERVICE_NAME} pour ${oneLine(d.schoolName)}, avec le rôle « ${oneLine(d.roleLabel)} ».`,
        },
        {
          kind: 'p',
          text: 'La plateforme sert à organiser les stages d’observation des élèves de seconde générale et technologique.',
        },
        { kind: 'action', label: 'Accepter l’invitation', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Si vous ne vous attendiez pas à cette invitation, ignorez ce message : aucun compte ne sera créé.',
        },
      ],
      reason: `Vous recevez ce message parce que ${oneLine(d.inviterName)} a saisi votre adresse pour vous inviter sur ${SERVICE_NAME}.`,
    }),

  lockout_notice: (d) =>
    render({
      subject: `Votre compte est temporairement bloqué – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Après plusieurs tentatives de connexion infructueuses, votre compte ${SERVICE_NAME} est bloqué jusqu’au ${formatDateTimeFr(d.lockedUntil)} (heure de Paris).`,
        },
        { kind: 'p', text: 'Vous pourrez vous connecter de nouveau après cette heure.' },
        {
          kind: 'p',
          text: 'Si vous avez oublié votre mot de passe, ou si ces tentatives ne viennent pas de vous, choisissez dès maintenant un nouveau mot de passe :',
        },
        { kind: 'action', label: 'Réinitialiser mon mot de passe', url: checkLink(d.resetLink) },
      ],
      reason: `Vous recevez ce message parce que des tentatives de connexion ont échoué sur le compte ${SERVICE_NAME} lié à cette adresse.`,
    }),

  sign_up_existing: (d) =>
    render({
      subject: `Tentative de création de compte avec votre adresse – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Quelqu’un a demandé à créer un compte sur ${SERVICE_NAME} avec votre adresse électronique. Or vous avez déjà un compte : aucun nouveau compte n’a été créé.`,
        },
        { kind: 'p', text: 'Si c’était vous, connectez-vous avec votre compte existant :' },
        { kind: 'action', label: 'Me connecter', url: checkLink(d.signInLink) },
        {
          kind: 'note',
          text: `Mot de passe oublié ? Choisissez-en un nouveau : ${checkLink(d.resetLink)}`,
        },
        {
          kind: 'note',
          text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte n’a pas été modifié.',
        },
      ],
      reason: `Vous recevez ce message parce qu’une création de compte a été demandée avec cette adresse sur ${SERVICE_NAME}.`,
    }),

  offer_unpublished: (d) =>
    render({
      subject: `Votre offre « ${oneLine(d.offerTitle)} » a été dépubliée – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Après un signalement, l’équipe de modération a retiré votre offre « ${oneLine(d.offerTitle)} » : les élèves ne la voient plus.`,
        },
        { kind: 'p', text: `Message de la modération : ${d.message}` },
        {
          kind: 'p',
          text: 'Vous pouvez la corriger puis la republier depuis votre tableau de bord.',
        },
        { kind: 'action', label: 'Voir mes offres', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié cette offre sur ${SERVICE_NAME}.`,
    }),

  application_received: (d) =>
    render({
      subject: `Nouvelle candidature pour « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.studentName)} candidate à votre offre « ${oneLine(d.offerTitle)} » pour ${d.weeks}.`,
        },
        {
          kind: 'p',
          text: 'Répondez-lui depuis vos candidatures reçues : sans réponse, la candidature expirera.',
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié cette offre sur ${SERVICE_NAME}.`,
    }),

  application_accepted: (d) =>
    render({
      subject: `Candidature acceptée : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.hostName)} accepte votre candidature pour « ${oneLine(d.offerTitle)} ».`,
        },
        ...(d.message.trim() === '' ? [] : [{ kind: 'p' as const, text: `Son message : ${d.message}` }]),
        {
          kind: 'p',
          text: `Confirmez ce stage avant le ${formatDateTimeFr(d.confirmBy)} (heure de Paris) : sans confirmation, la place sera proposée à d’autres élèves.`,
        },
        { kind: 'action', label: 'Confirmer mon stage', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous avez candidaté à cette offre sur ${SERVICE_NAME}.`,
    }),

  application_refused: (d) =>
    render({
      subject: `Réponse à votre candidature : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.hostName)} ne peut pas retenir votre candidature pour « ${oneLine(d.offerTitle)} ».`,
        },
        { kind: 'p', text: `Son message : ${d.message}` },
        { kind: 'p', text: 'D’autres offres vous attendent : continuez vos recherches.' },
        { kind: 'action', label: 'Voir mes candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous avez candidaté à cette offre sur ${SERVICE_NAME}.`,
    }),

  application_confirmed: (d) =>
    render({
      subject: `Stage confirmé : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.studentName)} confirme son stage « ${oneLine(d.offerTitle)} » pour ${d.weeks}. La place est réservée.`,
        },
        {
          kind: 'p',
          text: 'La convention de stage vous sera proposée à compléter et à signer sur la plateforme.',
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié cette offre sur ${SERVICE_NAME}.`,
    }),

  application_cancelled: (d) =>
    render({
      subject: `Candidature annulée : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        { kind: 'p', text: d.what },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous suivez une candidature à l’offre « ${oneLine(d.offerTitle)} » sur ${SERVICE_NAME}.`,
    }),

  application_expired: (d) =>
    render({
      subject: `Candidature expirée : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.hostName)} n’a pas répondu à temps à votre candidature pour « ${oneLine(d.offerTitle)} » : elle a expiré.`,
        },
        { kind: 'p', text: 'D’autres offres vous attendent : continuez vos recherches.' },
        { kind: 'action', label: 'Voir mes candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous avez candidaté à cette offre sur ${SERVICE_NAME}.`,
    }),

  application_expired_host: (d) =>
    render({
      subject: `Candidature expirée sans réponse : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `La candidature de ${oneLine(d.studentName)} à votre offre « ${oneLine(d.offerTitle)} » a expiré faute de réponse. L’élève en est informé.`,
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié cette offre sur ${SERVICE_NAME}.`,
    }),

  application_lapsed: (d) =>
    render({
      subject: `Stage non confirmé : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Vous n’avez pas confirmé à temps le stage que ${oneLine(d.hostName)} avait accepté (« ${oneLine(d.offerTitle)} ») : la place est proposée à d’autres élèves.`,
        },
        { kind: 'p', text: 'D’autres offres vous attendent : continuez vos recherches.' },
        { kind: 'action', label: 'Voir mes candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous avez candidaté à cette offre sur ${SERVICE_NAME}.`,
    }),

  application_lapsed_host: (d) =>
    render({
      subject: `Stage non confirmé, place de nouveau libre : « ${oneLine(d.offerTitle)} » – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.studentName)} n’a pas confirmé à temps le stage « ${oneLine(d.offerTitle)} » que vous aviez accepté. La place est de nouveau libre : vous pouvez accepter une autre candidature.`,
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié cette offre sur ${SERVICE_NAME}.`,
    }),

  application_reminder: (d) =>
    render({
      subject: `${d.urgent ? 'Dernier rappel' : 'Rappel'} : ${d.items.length === 1 ? 'une candidature attend' : `${d.items.length} candidatures attendent`} votre réponse – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text:
            d.items.length === 1
              ? 'Une candidature attend votre réponse. Sans réponse, elle expirera :'
              : `${d.items.length} candidatures attendent votre réponse. Sans réponse, elles expireront :`,
        },
        ...d.items.map((i) => ({
          kind: 'p' as const,
          text: `– ${oneLine(i.studentName)}, « ${oneLine(i.offerTitle)} » : expire le ${formatDateTimeFr(i.expiresAt)}`,
        })),
        { kind: 'action', label: 'Répondre aux candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de l’organisme qui a publié ces offres sur ${SERVICE_NAME}.`,
    }),

  host_digest: (d) =>
    render({
      subject: `${d.count === 1 ? 'Une nouvelle candidature' : `${d.count} nouvelles candidatures`} – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text:
            d.count === 1
              ? 'Vous avez reçu une nouvelle candidature depuis le dernier récapitulatif :'
              : `Vous avez reçu ${d.count} nouvelles candidatures depuis le dernier récapitulatif :`,
        },
        ...d.offers.map((o) => ({
          kind: 'p' as const,
          text: `– « ${oneLine(o.title)} » : ${o.count} candidature${o.count > 1 ? 's' : ''}`,
        })),
        {
          kind: 'p',
          text: 'Répondez depuis vos candidatures reçues : sans réponse, une candidature expire.',
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Vous recevez un récapitulatif par jour parce que vous l’avez choisi ou parce que votre organisme reçoit beaucoup de candidatures.',
        },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre d’un organisme qui publie des offres sur ${SERVICE_NAME}.`,
    }),

  external_stage_invitation: (d) =>
    render({
      subject: `Confirmez l’accueil de ${oneLine(d.studentFirstName)} en stage de seconde – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${d.declaredBy === 'student' ? `${oneLine(d.studentFirstName)}, élève de seconde au ${oneLine(d.schoolName)},` : `Le ${oneLine(d.schoolName)}`} indique que ${oneLine(d.hostName)} ${d.declaredBy === 'student' ? 'l’accueillera' : `accueillera ${oneLine(d.studentFirstName)}, élève de seconde,`} pour son stage d’observation :`,
        },
        ...d.weeks.map((w) => ({ kind: 'p' as const, text: `– ${w}` })),
        {
          kind: 'p',
          text: 'Confirmer l’accueil, c’est vérifier et compléter les informations de votre organisme (SIRET, adresse, activités proposées). L’élève confirmera ensuite son stage, puis la convention de stage vous sera proposée à compléter et à signer sur la plateforme. Vous pouvez aussi refuser, en indiquant un motif.',
        },
        { kind: 'action', label: 'Répondre à la demande', url: checkLink(d.link) },
        {
          kind: 'note',
          text: `Ce lien est personnel et valable jusqu’au ${formatDateTimeFr(d.expiresAt)} (heure de Paris). Aucun compte n’est nécessaire pour répondre.`,
        },
        {
          kind: 'note',
          text: 'Si vous ne connaissez pas cet élève, ignorez ce message ou refusez la demande : rien ne sera créé.',
        },
      ],
      reason: `Vous recevez ce message parce que votre adresse a été indiquée comme celle du représentant de ${oneLine(d.hostName)} pour un stage de seconde, sur ${SERVICE_NAME}.`,
    }),

  external_stage_declined: (d) =>
    render({
      subject: `${oneLine(d.hostName)} ne confirme pas votre stage – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        { kind: 'p', text: `${oneLine(d.hostName)} ne confirme pas le stage que vous aviez déclaré.` },
        { kind: 'p', text: `Son motif : ${d.reason}` },
        {
          kind: 'p',
          text: 'Vérifiez avec l’organisme, puis déclarez de nouveau le stage ou cherchez une offre sur la plateforme.',
        },
        { kind: 'action', label: 'Voir mes stages déclarés', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous avez déclaré un stage trouvé hors de la plateforme sur ${SERVICE_NAME}.`,
    }),

  external_stage_host_notice: (d) =>
    render({
      subject: `Stage confirmé pour ${oneLine(d.hostName)} hors de la plateforme – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.contactName)} (${oneLine(d.contactEmail)}) a confirmé, au nom de ${oneLine(d.hostName)}, l’accueil de ${oneLine(d.studentFirstName)}, élève du ${oneLine(d.schoolName)}, pour ${d.weeks}. Ce stage avait été trouvé hors de la plateforme.`,
        },
        {
          kind: 'p',
          text: 'Il figure dans vos candidatures reçues. Si vous n’en avez pas connaissance, annulez-le depuis cette page en indiquant le motif.',
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes membre de ${oneLine(d.hostName)} sur ${SERVICE_NAME}.`,
    }),

  split_requested: (d) =>
    render({
      subject: `Stage en deux lieux à autoriser : ${oneLine(d.studentName)} – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.studentName)} a déjà un stage confirmé pour une semaine et souhaite faire l’autre semaine chez ${oneLine(d.hostName)} (« ${oneLine(d.offerTitle)} »).`,
        },
        {
          kind: 'p',
          text: 'Un stage en deux lieux demande votre accord : acceptez ou refusez depuis la page de vos élèves.',
        },
        { kind: 'action', label: 'Répondre à la demande', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes chef de l’établissement de cet élève sur ${SERVICE_NAME}.`,
    }),

  placement_reminder: (d) =>
    render({
      subject: d.toGuardian
        ? `Stage de seconde : ${oneLine(d.studentName)} n’a pas encore de stage – ${SERVICE_NAME}`
        : `Vous n’avez pas encore de stage de seconde – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: d.toGuardian
            ? `${oneLine(d.schoolName)} vous informe que ${oneLine(d.studentName)} n’a pas encore trouvé de stage d’observation de seconde : les deux semaines de juin restent à couvrir.`
            : `${oneLine(d.schoolName)} vous rappelle que vous n’avez pas encore trouvé de stage d’observation de seconde : les deux semaines de juin restent à couvrir.`,
        },
        {
          kind: 'p',
          text: 'Des organismes proposent encore des places : cherchez une offre près de chez vous et candidatez, pour une semaine ou pour les deux.',
        },
        { kind: 'action', label: 'Chercher une offre de stage', url: checkLink(d.offersLink) },
        {
          kind: 'p',
          text: 'Suivez les réponses des organismes et confirmez une acceptation depuis la page des candidatures.',
        },
        { kind: 'action', label: 'Voir les candidatures', url: checkLink(d.applicationsLink) },
        {
          kind: 'note',
          text: 'Un stage trouvé par vos propres moyens compte aussi : signalez-le au lycée pour préparer la convention.',
        },
      ],
      reason: d.toGuardian
        ? `Vous recevez ce message parce que vous êtes représentant légal de ${oneLine(d.studentName)}, élève de ${oneLine(d.schoolName)}.`
        : `Vous recevez ce message parce que vous êtes élève de ${oneLine(d.schoolName)} sur ${SERVICE_NAME}.`,
    }),
  steering_head_reminder: (d) =>
    render({
      subject: `Élèves sans stage de seconde : ${oneLine(d.schoolName)} – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.sender)} vous signale que, sur ${d.students} élève${d.students > 1 ? 's' : ''} de seconde générale et technologique de ${oneLine(d.schoolName)}, ${d.toPlace} ${d.toPlace > 1 ? 'sont' : 'est'} encore à placer et ${d.inProgress} en cours de placement (candidature en attente ou une seule semaine couverte).`,
        },
        {
          kind: 'p',
          text: 'Le tableau de bord du lycée donne la liste des élèves concernés ; vous pouvez les relancer, eux et leurs responsables légaux, en un clic.',
        },
        { kind: 'action', label: 'Voir le tableau de bord du lycée', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes chef d’établissement de ${oneLine(d.schoolName)} sur ${SERVICE_NAME}.`,
    }),
  signature_code: (d) =>
    render({
      subject: `Votre code de signature : ${oneLine(d.code)} – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        { kind: 'p', text: `Votre code de signature : ${oneLine(d.code)}` },
        {
          kind: 'p',
          text: `Saisissez-le sur la page de signature pour signer ${oneLine(d.what)}. Il est valable jusqu’au ${formatDateTimeFr(d.expiresAt)} et ne sert qu’une fois ; après cinq essais erronés, demandez-en un nouveau.`,
        },
        { kind: 'action', label: 'Ouvrir la page de signature', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Ne communiquez ce code à personne : il vaut signature. Si vous n’avez pas demandé de code, ignorez ce message : rien ne sera signé.',
        },
      ],
      reason: `Vous recevez ce message parce qu’un code de signature a été demandé pour votre adresse sur ${SERVICE_NAME}.`,
    }),

  convention_signed: (d) =>
    render({
      subject: `Convention ${oneLine(d.reference)} signée par toutes les parties – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `La convention de stage ${oneLine(d.reference)} de ${oneLine(d.studentName)} chez ${oneLine(d.hostName)} est signée par toutes les parties.`,
        },
        {
          kind: 'p',
          text: 'Le PDF final, avec la page de preuve des signatures, est scellé par la plateforme : téléchargez-le et conservez-le.',
        },
        { kind: 'action', label: 'Télécharger la convention signée', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Toute personne peut vérifier son authenticité sur la page « Vérifier une convention » avec le PDF ou la référence imprimée en bas de chaque page.',
        },
      ],
      reason: `Vous recevez ce message parce que vous êtes signataire de cette convention sur ${SERVICE_NAME}.`,
    }),

  signature_reminder: (d) =>
    render({
      subject: `${d.last ? 'Dernier rappel' : 'Rappel'} : convention ${oneLine(d.reference)} à signer – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `La convention de stage ${oneLine(d.reference)} de ${oneLine(d.studentName)} chez ${oneLine(d.hostName)} attend votre signature (${oneLine(d.roleLabel)}).`,
        },
        {
          kind: 'p',
          text: 'Le stage ne peut commencer que lorsque toutes les parties ont signé. Ouvrez votre lien personnel, lisez le document et demandez un code de signature.',
        },
        { kind: 'action', label: 'Lire et signer la convention', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Ce lien est personnel et remplace celui des messages précédents. Ne le transférez pas.',
        },
      ],
      reason: `Vous recevez ce message parce que vous êtes signataire de cette convention sur ${SERVICE_NAME}.`,
    }),

  validation_reminder: (d) =>
    render({
      subject: `${d.items.length === 1 ? 'Une convention attend' : `${d.items.length} conventions attendent`} votre validation – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text:
            d.items.length === 1
              ? `Au ${oneLine(d.schoolName)}, une convention est complète (parties de l’organisme et du lycée) et attend votre validation pour être signée :`
              : `Au ${oneLine(d.schoolName)}, ${d.items.length} conventions sont complètes (parties de l’organisme et du lycée) et attendent votre validation pour être signées :`,
        },
        ...d.items.map((i) => ({
          kind: 'p' as const,
          text: `– ${oneLine(i.reference)} : ${oneLine(i.studentName)}, ${oneLine(i.hostName)}`,
        })),
        { kind: 'action', label: 'Valider les conventions', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes chef d’établissement ou délégué de signature du ${oneLine(d.schoolName)} sur ${SERVICE_NAME}.`,
    }),

  convention_to_complete: (d) =>
    render({
      subject: `Convention de stage ${oneLine(d.reference)} à compléter – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.studentName)} a confirmé son stage « ${oneLine(d.offerTitle)} » ${oneLine(d.dates)}. Sa convention de stage ${oneLine(d.reference)} est créée, pré-remplie avec les informations de l’offre.`,
        },
        {
          kind: 'p',
          text: 'Complétez la partie de l’organisme : représentant, tuteur, activités, horaires de chaque jour, restauration et assurance. Le lycée complète la sienne, puis la valide : chaque partie signe ensuite en ligne.',
        },
        { kind: 'action', label: 'Compléter la convention', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes le contact de cette offre sur ${SERVICE_NAME}.`,
    }),

  convention_ready_to_sign: (d) =>
    render({
      subject: `Convention de stage ${oneLine(d.reference)} à signer – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Le lycée a validé la convention de stage ${oneLine(d.reference)} de ${oneLine(d.studentName)} chez ${oneLine(d.hostName)}. Votre signature est attendue (${oneLine(d.roleLabel)}).`,
        },
        {
          kind: 'p',
          text: 'Ouvrez votre lien personnel, lisez le document, puis signez avec le code à usage unique que vous recevrez par courriel. Les parties signent dans n’importe quel ordre.',
        },
        { kind: 'action', label: 'Lire et signer la convention', url: checkLink(d.link) },
        {
          kind: 'note',
          text: 'Ce lien est personnel : ne le transférez pas. Il ne sert plus si la convention est modifiée ou annulée.',
        },
      ],
      reason: `Vous recevez ce message parce que vous êtes signataire de cette convention sur ${SERVICE_NAME}.`,
    }),

  convention_signatures_cancelled: (d) =>
    render({
      subject: `Convention ${oneLine(d.reference)} modifiée : signatures annulées – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.what)} de la convention de stage ${oneLine(d.reference)} (${oneLine(d.studentName)}, ${oneLine(d.hostName)}) a été modifiée après sa validation. ${d.hadSigned ? 'Votre signature est annulée' : 'Le lien de signature reçu ne sert plus'} : la convention doit être validée de nouveau.`,
        },
        {
          kind: 'p',
          text: 'Vous recevrez un nouveau lien personnel quand le lycée l’aura validée de nouveau.',
        },
        { kind: 'action', label: 'Voir la convention', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes signataire de cette convention sur ${SERVICE_NAME}.`,
    }),

  convention_cancelled: (d) =>
    render({
      subject: `Convention de stage ${oneLine(d.reference)} annulée – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `La convention de stage ${oneLine(d.reference)} de ${oneLine(d.studentName)} chez ${oneLine(d.hostName)} est annulée. Motif : ${oneLine(d.reason)}`,
        },
        {
          kind: 'p',
          text: 'Les liens de signature reçus ne servent plus. L’historique de la convention reste consultable.',
        },
        { kind: 'action', label: 'Voir la convention', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes partie à cette convention sur ${SERVICE_NAME}.`,
    }),
  convention_amendment: (d) =>
    render({
      subject: `Avenant n° ${d.number} à la convention ${oneLine(d.reference)} – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `Un avenant n° ${d.number} (référence ${oneLine(d.amendmentReference)}) à la convention de stage ${oneLine(d.reference)} de ${oneLine(d.studentName)} chez ${oneLine(d.hostName)} est ouvert. Il modifie : ${oneLine(d.changes)}. Motif : ${oneLine(d.reason)}`,
        },
        {
          kind: 'p',
          text: 'La convention signée reste valable telle quelle. L’avenant se complète, se valide et se signe par les mêmes parties.',
        },
        { kind: 'action', label: 'Voir l’avenant', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes partie à cette convention sur ${SERVICE_NAME}.`,
    }),
  convention_attested: (d) =>
    render({
      subject: `Attestation de stage ${oneLine(d.reference)} disponible – ${SERVICE_NAME}`,
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text: `${oneLine(d.hostName)} a confirmé la présence de ${oneLine(d.studentName)} : ${d.days} jour${d.days > 1 ? 's' : ''} de stage (convention ${oneLine(d.reference)}). L’attestation de stage, scellée par la plateforme, est téléchargeable depuis la convention.`,
        },
        { kind: 'action', label: 'Télécharger l’attestation', url: checkLink(d.link) },
      ],
      reason: `Vous recevez ce message parce que vous êtes partie à cette convention sur ${SERVICE_NAME}.`,
    }),
  weekly_summary: (d) =>
    render({
      // oneLine: the title of the HTML is the subject with its no-break spaces (numbers) made plain
      subject: oneLine(
        `Synthèse de la semaine : ${d.scopes.map((s) => `${oneLine(s.name)} ${percent(s.share)} placés`).join(', ')} – ${SERVICE_NAME}`,
      ),
      greetingName: d.name,
      blocks: [
        { kind: 'p', text: 'Voici la synthèse hebdomadaire des stages de seconde de votre périmètre.' },
        ...d.scopes.flatMap(scopeBlocks),
        computedNote(d.computedAt),
        {
          kind: 'link',
          text: 'Vous ne souhaitez plus recevoir cette synthèse ?',
          label: 'Se désabonner',
          url: checkLink(d.unsubscribeLink),
        },
      ],
      reason: `Vous recevez ce message parce que vous suivez le pilotage des stages sur ${SERVICE_NAME} (services départementaux ou rectorat) : une synthèse chaque lundi pendant la campagne.`,
    }),

  daily_summary: (d) =>
    render({
      subject: oneLine(
        `${oneLine(d.scope.name)} : ${plural(d.scope.unplaced, 'élève', 'élèves')} à placer ou en cours – ${SERVICE_NAME}`,
      ),
      greetingName: d.name,
      blocks: [
        {
          kind: 'p',
          text:
            d.daysToWeek1 > 0
              ? `La première semaine de stage commence dans ${plural(d.daysToWeek1, 'jour', 'jours')}. Voici où en sont les élèves de votre lycée.`
              : 'Les semaines de stage ont commencé. Voici où en sont les élèves de votre lycée.',
        },
        ...scopeBlocks(d.scope),
        { kind: 'action', label: 'Voir les élèves du lycée', url: checkLink(d.studentsLink) },
        computedNote(d.computedAt),
        {
          kind: 'link',
          text: 'Vous ne souhaitez plus recevoir cette synthèse ?',
          label: 'Se désabonner',
          url: checkLink(d.unsubscribeLink),
        },
      ],
      reason: `Vous recevez ce message parce que vous êtes chef d’établissement sur ${SERVICE_NAME} : une synthèse chaque matin du dernier mois avant les stages.`,
    }),
};

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

/** Renders a template with its data. */
export function renderMail<K extends TemplateName>(template: K, data: TemplateData[K]): RenderedMail {
  return (templates[template] as (data: TemplateData[K]) => RenderedMail)(data);
}
