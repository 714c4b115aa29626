import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput.js';
import { PASSWORD_RULES, passwordIssues } from '../../../src/domain/password.ts';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** error message to show under the field (from the last submission) */
  error?: string | undefined;
  /** "new": a password being chosen, with its rules listed live; "current": signing in */
  mode: 'new' | 'current';
  /** the e-mail of the account, for the rule "does not contain your address" */
  email?: string | undefined;
}

/**
 * Password field with "Afficher" (DSFR password block). For a new password, the rules are listed
 * under the field and marked as they are met; the dictionary of common passwords stays on the
 * server, which answers with its own message.
 */
export function PasswordField({ id, label, value, onChange, error, mode, email }: Props) {
  const issues = passwordIssues(value, { email });
  const messages =
    mode === 'new'
      ? [
          ...PASSWORD_RULES.filter((r) => r.issue !== 'common').map((rule) => ({
            severity:
              value === ''
                ? ('info' as const)
                : issues.includes(rule.issue)
                  ? ('error' as const)
                  : ('valid' as const),
            message: rule.label,
          })),
          { severity: 'info' as const, message: 'Pas un mot de passe courant (vérifié à l’envoi)' },
          ...(error ? [{ severity: 'error' as const, message: error }] : []),
        ]
      : error
        ? [{ severity: 'error' as const, message: error }]
        : [];
  return (
    <PasswordInput
      label={label}
      messagesHint={mode === 'new' ? 'Votre mot de passe doit respecter ces règles :' : ''}
      messages={messages}
      nativeInputProps={{
        id,
        name: id,
        value,
        onChange: (e) => onChange(e.target.value),
        autoComplete: mode === 'new' ? 'new-password' : 'current-password',
        required: true,
        'aria-invalid': error ? true : undefined,
      }}
    />
  );
}
