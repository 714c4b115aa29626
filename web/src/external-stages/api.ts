/** Stages found outside the platform: the API's shapes and paths (server: src/external-stages). */

export const EXTERNAL_STAGE_PATHS = {
  /** the student declares a stage found by their family (and follows their declarations) */
  declare: '/candidatures/stage-trouve',
  /** the host's representative answers, by the link of the mail */
  answer: '/accueil-stage/:token',
} as const;

export type ExternalStageStatus = 'invited' | 'confirmed' | 'declined' | 'cancelled' | 'expired';

export interface WeekDate {
  week: number;
  start: string;
  end: string;
  label: string;
}

export interface ExternalStage {
  id: string;
  status: ExternalStageStatus;
  statusLabel: string;
  weeks: number[];
  weekDates: WeekDate[];
  hostName: string;
  siret: string | null;
  isPublic: boolean;
  address: string;
  postalCode: string;
  communeName: string;
  contactName: string;
  contactEmail: string;
  activities: string | null;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  applicationId: string | null;
}

export interface ExternalStageList {
  student: { id: string; firstName: string; schoolName: string };
  calendar: WeekDate[];
  items: ExternalStage[];
}

export interface Invitation {
  student: { firstName: string; schoolName: string };
  weeks: number[];
  weekDates: WeekDate[];
  host: {
    hostName: string;
    siret: string | null;
    isPublic: boolean;
    address: string;
    postalCode: string;
    communeName: string;
    contactFirstName: string;
    contactLastName: string;
    contactEmail: string;
    activities: string | null;
  };
  expiresAt: string;
}

export interface AcceptResult {
  ok: true;
  applicationId: string;
  confirmBy: string;
  account: 'invited' | 'member' | 'existing_host';
  email: string;
}

/** The badge of a declaration's status. */
export function statusSeverity(
  status: ExternalStageStatus,
): 'success' | 'info' | 'error' | 'warning' | 'new' {
  switch (status) {
    case 'confirmed':
      return 'success';
    case 'invited':
      return 'new';
    case 'declined':
      return 'error';
    case 'expired':
      return 'warning';
    case 'cancelled':
      return 'info';
  }
}

/** "73282932000074" → "732 829 320 00074" (SIREN by threes, then NIC). */
export function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}
