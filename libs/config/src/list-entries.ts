/** The entries of a comma-separated list, trimmed, empty ones dropped. */
export function listEntries(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
