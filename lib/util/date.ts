/** The user's local calendar date as `YYYY-MM-DD`: cycle dates are calendar days where the user is, not instants. */
export function localDate(now: Date | number = new Date()): string {
  const date = typeof now === 'number' ? new Date(now) : now;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
