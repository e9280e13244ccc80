/**
 * Secrets and passwords that this repository ships for people to copy (.env.example, the
 * compose file, the README and docs, the demo accounts). Anyone can read them, so a production
 * process refuses to start with any of them, and no account may take one as its password.
 * `shipped-secrets.spec.ts` fails when one of those files carries a value missing here.
 */
export const SHIPPED_SECRETS: readonly string[] = [
  // .env.example and the README
  'change-me-duban-dev-secret-0123456789',
  'duban-admin-dev',
  // docker-compose.yml before it required its secrets from the environment
  'change-me-duban-compose-secret-0123456789',
  // the demo accounts (DUBAN_DEMO=1; apps/cli/demo/demo-accounts.ts and the README)
  'demo-liaison-2021',
  'demo-lead-2021',
  'demo-supervisor-2021',
  'demo-leader-2021',
];

/** Whether `value` is one of the shipped secrets (case and surrounding space ignored). */
export function isShippedSecret(value: string): boolean {
  const normalised = value.trim().toLowerCase();
  return SHIPPED_SECRETS.some((secret) => secret.toLowerCase() === normalised);
}
