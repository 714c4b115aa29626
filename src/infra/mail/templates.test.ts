import { describe, expect, it } from 'vitest';
import {
  SERVICE_NAME,
  escapeHtml,
  formatDateTimeFr,
  renderMail,
  templates,
  type TemplateData,
  type TemplateName,
} from './templates.ts';

const LINK = 'https://stages.example.fr/connexion/lien?jeton=abc&x=1';
const EVIL = '<script>alert(1)</script>';

const samples: { [K in TemplateName]: TemplateData[K] } = {
  verify_email: { name: 'Léa', link: LINK },
  sign_in_link: { name: 'Léa', link: LINK },
  password_reset: { name: 'Léa', link: LINK },
  invitation: {
    name: 'Léa',
    inviterName: 'Marc Le Gall',
    schoolName: 'Lycée Chateaubriand',
    roleLabel: 'Personnel de l’établissement',
    link: LINK,
  },
  lockout_notice: { name: 'Léa', lockedUntil: new Date('2026-11-28T10:15:00Z'), resetLink: LINK },
  sign_up_existing: {
    name: 'Léa',
    signInLink: LINK,
    resetLink: 'https://stages.example.fr/mot-de-passe-oublie',
  },
  offer_unpublished: { name: 'Léa', offerTitle: EVIL, message: `Adresse erronée ${EVIL}`, link: LINK },
  application_received: {
    name: 'Léa',
    studentName: 'Yann Tanguy',
    offerTitle: 'Découverte',
    weeks: 'la semaine 1',
    link: LINK,
  },
  application_accepted: {
    name: 'Léa',
    offerTitle: 'Découverte',
    hostName: 'CHU de Rennes',
    message: 'Bienvenue',
    confirmBy: new Date('2027-02-08T10:00:00Z'),
    link: LINK,
  },
  application_refused: {
    name: 'Léa',
    offerTitle: 'Découverte',
    hostName: 'CHU de Rennes',
    message: 'Complet',
    link: LINK,
  },
  application_confirmed: {
    name: 'Léa',
    studentName: 'Yann Tanguy',
    offerTitle: 'Découverte',
    weeks: 'la semaine 1',
    link: LINK,
  },
  application_expired: { name: 'Léa', offerTitle: 'Découverte', hostName: 'CHU de Rennes', link: LINK },
  application_expired_host: { name: 'Léa', studentName: 'Yann Tanguy', offerTitle: 'Découverte', link: LINK },
  application_lapsed: { name: 'Léa', offerTitle: 'Découverte', hostName: 'CHU de Rennes', link: LINK },
  application_lapsed_host: { name: 'Léa', studentName: 'Yann Tanguy', offerTitle: 'Découverte', link: LINK },
  application_reminder: {
    name: 'Léa',
    urgent: false,
    items: [
      { studentName: 'Yann Tanguy', offerTitle: 'Découverte', expiresAt: new Date('2027-02-16T09:00:00Z') },
      { studentName: 'Anne Riou', offerTitle: 'Laboratoire', expiresAt: new Date('2027-02-17T09:00:00Z') },
    ],
    link: LINK,
  },
  host_digest: {
    name: 'Léa',
    count: 3,
    offers: [
      { title: 'Découverte', count: 2 },
      { title: 'Laboratoire', count: 1 },
    ],
    link: LINK,
  },
  application_cancelled: {
    name: 'Léa',
    offerTitle: 'Découverte',
    what: 'L’élève a retiré sa candidature.',
    link: LINK,
  },
  split_requested: {
    name: 'Léa',
    studentName: 'Yann Tanguy',
    offerTitle: 'Découverte',
    hostName: 'CHU de Rennes',
    link: LINK,
  },
  external_stage_invitation: {
    name: 'Léa',
    studentFirstName: 'Yann',
    schoolName: 'Lycée Émile Zola',
    declaredBy: 'student',
    hostName: 'Boulangerie Le Fournil',
    weeks: ['semaine 1 : du 14 juin 2027 au 18 juin 2027'],
    expiresAt: new Date('2026-12-12T10:00:00Z'),
    link: LINK,
  },
  external_stage_declined: {
    name: 'Léa',
    hostName: 'Boulangerie Le Fournil',
    reason: 'Fermé en juin',
    link: LINK,
  },
  external_stage_host_notice: {
    name: 'Léa',
    contactName: 'Jeanne Riou',
    contactEmail: 'jeanne@example.net',
    hostName: 'CHU de Rennes',
    studentFirstName: 'Yann',
    schoolName: 'Lycée Émile Zola',
    weeks: 'la semaine 1',
    link: LINK,
  },
  placement_reminder: {
    name: 'Léa',
    studentName: 'Yann Tanguy',
    schoolName: 'Lycée Émile Zola',
    toGuardian: true,
    offersLink: LINK,
    applicationsLink: LINK,
  },
  steering_head_reminder: {
    name: 'Léa',
    schoolName: 'Lycée Émile Zola',
    sender: 'Le rectorat',
    toPlace: 12,
    inProgress: 30,
    students: 382,
    link: LINK,
  },
  signature_code: {
    name: 'Léa',
    code: '042917',
    what: 'la convention CS-2026-7K3M-Q9XD (Léa Le Goff, CHU de Rennes)',
    expiresAt: new Date('2026-11-28T10:10:00Z'),
    link: LINK,
  },
  convention_signed: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    link: LINK,
  },
  signature_reminder: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    roleLabel: 'Représentant légal 1',
    last: false,
    link: LINK,
  },
  validation_reminder: {
    name: 'Léa',
    schoolName: 'Lycée Émile Zola',
    items: [{ reference: 'CS-2026-7K3M-Q9XD', studentName: 'Léa Le Goff', hostName: 'CHU de Rennes' }],
    link: LINK,
  },
  convention_to_complete: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    offerTitle: 'Découverte de l’hôpital',
    dates: 'du 14 juin 2027 au 25 juin 2027',
    link: LINK,
  },
  convention_ready_to_sign: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    roleLabel: 'Représentant légal 1',
    link: LINK,
  },
  convention_signatures_cancelled: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    what: 'La partie de l’organisme',
    hadSigned: true,
    link: LINK,
  },
  convention_cancelled: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    reason: 'Stage retiré par l’élève',
    link: LINK,
  },
  convention_amendment: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    amendmentReference: 'CS-2026-8A2B-C3DE',
    number: 1,
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    reason: 'Changement de service',
    changes: 'les horaires, le tuteur',
    link: LINK,
  },
  convention_attested: {
    name: 'Léa',
    reference: 'CS-2026-7K3M-Q9XD',
    studentName: 'Léa Le Goff',
    hostName: 'CHU de Rennes',
    days: 5,
    link: LINK,
  },
  weekly_summary: {
    name: 'Léa',
    computedAt: new Date('2027-05-17T05:59:00Z'),
    scopes: [
      {
        name: 'Académie de Rennes',
        students: 30_000,
        placed: 12_345,
        share: 0.4115,
        unplaced: 9_000,
        statuses: [
          { label: 'À placer', count: 5_000 },
          { label: 'En cours', count: 4_000 },
        ],
        missingSignatures: [
          { label: 'Organisme', count: 120 },
          { label: 'Établissement', count: 0 },
        ],
        change: { since: '2027-05-10', placed: 1_200, share: 0.04 },
        lowest: {
          label: 'Les départements les moins avancés',
          rows: [{ name: 'Finistère (29)', share: 0.31, unplaced: 2_000 }],
        },
        link: 'https://stages.example.fr/pilotage?scope=academie:14',
      },
    ],
    unsubscribeLink: LINK,
  },
  daily_summary: {
    name: 'Léa',
    computedAt: null,
    scope: {
      name: 'Lycée Émile Zola (Rennes)',
      students: 382,
      placed: 100,
      share: 100 / 382,
      unplaced: 12,
      statuses: [{ label: 'À placer', count: 7 }],
      missingSignatures: [],
      change: null,
      lowest: null,
      link: 'https://stages.example.fr/pilotage?scope=lycee:0350024L',
    },
    daysToWeek1: 12,
    studentsLink: 'https://stages.example.fr/etablissement/eleves',
    unsubscribeLink: LINK,
  },
};

const names = Object.keys(templates) as TemplateName[];

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('templates', () => {
  it('has the templates of the accounts module', () => {
    expect(names.sort()).toEqual(
      [
        'application_accepted',
        'application_cancelled',
        'application_confirmed',
        'application_received',
        'application_refused',
        'external_stage_declined',
        'external_stage_host_notice',
        'external_stage_invitation',
        'application_expired',
        'application_expired_host',
        'application_lapsed',
        'application_lapsed_host',
        'application_reminder',
        'host_digest',
        'invitation',
        'lockout_notice',
        'offer_unpublished',
        'password_reset',
        'placement_reminder',
        'steering_head_reminder',
        'sign_in_link',
        'sign_up_existing',
        'signature_code',
        'convention_signed',
        'signature_reminder',
        'validation_reminder',
        'convention_to_complete',
        'convention_ready_to_sign',
        'convention_signatures_cancelled',
        'convention_cancelled',
        'convention_amendment',
        'convention_attested',
        'split_requested',
        'verify_email',
        'weekly_summary',
        'daily_summary',
      ].sort(),
    );
  });

  it.each(names)('%s renders a French subject, text and HTML with the link', (name) => {
    const mail = renderMail(name, samples[name]);
    expect(mail.subject).toMatch(/[a-zé]/);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain(SERVICE_NAME);
    expect(mail.text).toContain('Bonjour Léa,');
    // in text, the link verbatim on its own line; in HTML, escaped in href and in the visible copy
    expect(mail.text.split('\n')).toContain(LINK);
    expect(mail.html).toContain(`href="${escapeHtml(LINK)}"`);
    expect(mail.html).not.toContain(LINK);
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.html).toContain(SERVICE_NAME);
    // the footer says why the person receives it, in both versions
    expect(mail.text).toMatch(/Vous recevez ce message parce qu/);
    expect(mail.html).toMatch(/Vous recevez ce message parce qu/);
    // inline styles only
    expect(mail.html).not.toMatch(/<style|<link|<script/i);
  });

  it.each(names)('%s escapes every interpolated value in HTML and keeps it verbatim in text', (name) => {
    const data = Object.fromEntries(
      Object.entries(samples[name]).map(([k, v]) => [
        k,
        typeof v === 'string' && !/link/i.test(k) ? EVIL : v,
      ]),
    ) as TemplateData[typeof name];
    const mail = renderMail(name, data);
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain(EVIL);
  });

  it('refuses a link that is not an absolute http(s) URL', () => {
    expect(() => renderMail('sign_in_link', { link: 'javascript:alert(1)' })).toThrow(
      /lien de courriel invalide/,
    );
    expect(() => renderMail('verify_email', { link: '/verification?jeton=1' })).toThrow(
      /lien de courriel invalide/,
    );
  });

  it('says when a link expires and what to do if the person did not ask', () => {
    const signIn = renderMail('sign_in_link', samples.sign_in_link);
    expect(signIn.text).toContain('15 minutes');
    expect(signIn.text).toContain('Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.');
    expect(signIn.html).toContain('Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.');
    expect(renderMail('password_reset', samples.password_reset).text).toContain('1 heure');
  });

  it('names the inviter, the school and the role in an invitation', () => {
    const mail = renderMail('invitation', samples.invitation);
    expect(mail.subject).toBe('Marc Le Gall vous invite sur Stages de seconde (Lycée Chateaubriand)');
    expect(mail.text).toContain('avec le rôle « Personnel de l’établissement »');
  });

  it('gives the end of a lockout in Paris time and how to reset the password', () => {
    const mail = renderMail('lockout_notice', samples.lockout_notice);
    expect(mail.text).toContain('jusqu’au samedi 28 novembre 2026 à 11 h 15 (heure de Paris)');
    expect(mail.text).toContain('Réinitialiser mon mot de passe :');
  });

  it('greets without a name when none is given, and keeps header values on one line', () => {
    const mail = renderMail('invitation', {
      ...samples.invitation,
      name: undefined,
      schoolName: 'Lycée\r\nBcc: x',
    });
    expect(mail.text.startsWith('Bonjour,\n')).toBe(true);
    expect(mail.subject).toBe('Marc Le Gall vous invite sur Stages de seconde (Lycée Bcc: x)');
  });
});

describe('timed mails of applications', () => {
  it('lists the waiting applications with their expiry in a reminder, and says when it is the last one', () => {
    const first = renderMail('application_reminder', samples.application_reminder);
    expect(first.subject).toBe('Rappel : 2 candidatures attendent votre réponse – Stages de seconde');
    expect(first.text).toContain('– Yann Tanguy, « Découverte » : expire le mardi 16 février 2027 à 10 h 00');
    expect(first.text).toContain(
      '– Anne Riou, « Laboratoire » : expire le mercredi 17 février 2027 à 10 h 00',
    );
    const last = renderMail('application_reminder', {
      ...samples.application_reminder,
      urgent: true,
      items: samples.application_reminder.items.slice(0, 1),
    });
    expect(last.subject).toBe('Dernier rappel : une candidature attend votre réponse – Stages de seconde');
  });

  it('counts the applications of a digest by offer', () => {
    const mail = renderMail('host_digest', samples.host_digest);
    expect(mail.subject).toBe('3 nouvelles candidatures – Stages de seconde');
    expect(mail.text).toContain('– « Découverte » : 2 candidatures');
    expect(mail.text).toContain('– « Laboratoire » : 1 candidature\n');
  });

  it('tells the host of a lapsed acceptance that the place is free again', () => {
    expect(renderMail('application_lapsed_host', samples.application_lapsed_host).text).toContain(
      'La place est de nouveau libre',
    );
  });
});

describe('external stage invitation', () => {
  it('names the student by first name and lycée only, the weeks with dates, the link and what confirming means', () => {
    const mail = renderMail('external_stage_invitation', samples.external_stage_invitation);
    expect(mail.subject).toBe('Confirmez l’accueil de Yann en stage de seconde – Stages de seconde');
    expect(mail.text).toContain(
      'Yann, élève de seconde au Lycée Émile Zola, indique que Boulangerie Le Fournil l’accueillera',
    );
    expect(mail.text).toContain('– semaine 1 : du 14 juin 2027 au 18 juin 2027');
    expect(mail.text).toContain('L’élève confirmera ensuite son stage, puis la convention');
    expect(mail.text).toContain('valable jusqu’au samedi 12 décembre 2026 à 11 h 00');
    const bySchool = renderMail('external_stage_invitation', {
      ...samples.external_stage_invitation,
      declaredBy: 'school',
    });
    expect(bySchool.text).toContain(
      'Le Lycée Émile Zola indique que Boulangerie Le Fournil accueillera Yann, élève de seconde,',
    );
  });
});

describe('formatDateTimeFr', () => {
  it('writes French dates with the hour as "h", in Paris time (summer and winter)', () => {
    expect(formatDateTimeFr(new Date('2026-06-15T07:05:00Z'))).toBe('lundi 15 juin 2026 à 9 h 05');
    expect(formatDateTimeFr(new Date('2026-01-01T23:30:00Z'))).toBe('vendredi 2 janvier 2026 à 0 h 30');
  });
});

describe('signature mails', () => {
  it('gives the code in the subject and the body', () => {
    const mail = renderMail('signature_code', samples.signature_code);
    expect(mail.subject).toContain('Votre code de signature : 042917');
    expect(mail.text).toContain('Votre code de signature : 042917');
    expect(mail.text).toContain('samedi 28 novembre 2026 à 11 h 10');
  });

  it('says which reminder is the last one', () => {
    expect(renderMail('signature_reminder', { ...samples.signature_reminder, last: true }).subject).toMatch(
      /^Dernier rappel/,
    );
    const many = renderMail('validation_reminder', {
      ...samples.validation_reminder,
      items: [...samples.validation_reminder.items, ...samples.validation_reminder.items],
    });
    expect(many.subject).toMatch(/^2 conventions attendent/);
  });
});
