/** What every benchmark section returns: one row per figure, with its goal and whether it is met. */
export interface BenchRow {
  section: string;
  name: string;
  value: number;
  unit: string;
  goal: string;
  met: boolean;
  detail?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| section | figure | value | goal | met |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const detail = row.detail ? ` (${row.detail})` : '';
    lines.push(`| ${row.section} | ${row.name}${detail} | ${row.value} ${row.unit} | ${row.goal} | ${row.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}
