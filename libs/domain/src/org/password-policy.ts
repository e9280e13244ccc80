export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * What is wrong with a new password, each problem naming `field`: too short or long, the
 * username (or containing it), or a value anyone can read in this repository.
 */
export function passwordProblems(password: string, context: { field: string; username: string; shipped: (value: string) => boolean }): string[] {
  const { field, username } = context;
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`${field} must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if ([...password].length > PASSWORD_MAX_LENGTH) problems.push(`${field} must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push(`${field} must not contain the username`);
  if (context.shipped(password)) problems.push(`${field} is a value published in Duban's repository; choose another`);
  return problems;
}
