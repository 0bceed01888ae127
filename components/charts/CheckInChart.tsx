import { useId } from 'preact/hooks';
import type { CheckInChartView } from '../../lib/view/kr-detail';

export interface CheckInChartProps {
  chart: CheckInChartView;
  /** What the chart is about, e.g. the KR's title. */
  label: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 44, bottom: 30, left: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const DAY = 86_400_000;

const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Maps the cycle's days to x and 0..1 to y; instants outside the cycle are clamped to its edges. */
export function chartScales(chart: Pick<CheckInChartView, 'start' | 'end'>) {
  const from = dayStart(chart.start);
  const to = dayStart(chart.end) + DAY;
  const span = Math.max(DAY, to - from);
  return {
    x: (instant: number) => PAD.left + ((Math.min(to, Math.max(from, instant)) - from) / span) * PLOT_W,
    y: (share: number) => PAD.top + (1 - Math.min(1, Math.max(0, share))) * PLOT_H,
    from,
    to,
  };
}

function monthTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  const date = new Date(from);
  date.setUTCDate(1);
  if (date.getTime() < from) date.setUTCMonth(date.getUTCMonth() + 1);
  while (date.getTime() <= to && ticks.length < 13) {
    ticks.push(date.getTime());
    date.setUTCMonth(date.getUTCMonth() + 1);
  }
  return ticks;
}

const MONTH = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' });

/** A sentence for screen readers: where progress stands against the expected line, and the trend of confidence. */
export function chartSummary(chart: CheckInChartView): string {
  const parts: string[] = [];
  const today = dayStart(chart.today) + DAY;
  const { from, to } = chartScales(chart);
  const expected = Math.min(1, Math.max(0, (today - from) / (to - from)));
  parts.push(chart.current === null ? 'Progress is unknown' : `Progress is ${pct(chart.current)}`);
  parts.push(`against ${pct(expected)} expected by today`);
  const confidences = chart.points.map((point) => point.confidence);
  if (confidences.length > 0) {
    parts.push(
      `; ${confidences.length} ${confidences.length === 1 ? 'check-in' : 'check-ins'}, confidence ${confidences.join(', ')} out of 10, oldest first`,
    );
  } else {
    parts.push('; no check-ins yet');
  }
  return `${parts.join(' ')}.`;
}

const GRID_SHARES = [0, 0.25, 0.5, 0.75, 1];

/** An SVG path through the points, in order. */
const linePath = (points: ReadonlyArray<{ x: number; y: number }>): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');

/** The grid with both scales' ticks (progress on the left, confidence on the right) and the months below. */
function ChartAxes({ x, y, from, to }: { x: (time: number) => number; y: (share: number) => number; from: number; to: number }) {
  return (
    <>
      {GRID_SHARES.map((share) => (
        <g key={share} class="chart__grid">
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(share)} y2={y(share)} />
          <text x={PAD.left - 6} y={y(share) + 4} text-anchor="end" class="chart__tick">
            {pct(share)}
          </text>
          <text x={WIDTH - PAD.right + 6} y={y(share) + 4} text-anchor="start" class="chart__tick">
            {String(share * 10)}
          </text>
        </g>
      ))}
      {monthTicks(from, to).map((tick) => (
        <text key={tick} x={x(tick)} y={HEIGHT - 10} text-anchor="middle" class="chart__tick">
          {MONTH.format(tick)}
        </text>
      ))}
    </>
  );
}

/**
 * Progress and confidence over the KR's cycle against the expected-progress line (a straight
 * line from 0 at the start to 100% at the end). Progress is the share of the way to the target
 * each check-in's value means, so metric KRs of any unit read on one scale; confidence has its
 * own scale on the right. Series differ in dash and marker shape as well as colour.
 */
export function CheckInChart({ chart, label }: CheckInChartProps) {
  const id = useId();
  const { x, y, from, to } = chartScales(chart);
  const todayX = x(dayStart(chart.today) + DAY / 2);
  const progressPoints = chart.points.flatMap((point) =>
    point.progress === undefined ? [] : [{ x: x(Date.parse(point.at)), y: y(point.progress), point }],
  );
  const currentPoint = chart.current === null ? null : { x: todayX, y: y(chart.current) };
  const progressPath = linePath([...progressPoints, ...(currentPoint ? [currentPoint] : [])]);
  const confidencePoints = chart.points.map((point) => ({ x: x(Date.parse(point.at)), y: y(point.confidence / 10), point }));
  const confidencePath = linePath(confidencePoints);

  return (
    <figure class="chart" data-testid="kr-lens-dashboard-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} class="chart__svg">
        <title id={`${id}-title`}>{`Check-ins of ${label}`}</title>
        <desc id={`${id}-desc`}>{chartSummary(chart)}</desc>
        <ChartAxes x={x} y={y} from={from} to={to} />
        <line class="chart__expected" x1={x(from)} y1={y(0)} x2={x(to)} y2={y(1)} data-testid="kr-lens-dashboard-chart-expected" />
        <line class="chart__today" x1={todayX} x2={todayX} y1={PAD.top} y2={PAD.top + PLOT_H} />
        {confidencePath && <path class="chart__confidence" d={confidencePath} />}
        {confidencePoints.map((p) => (
          <rect
            key={`c-${p.point.at}`}
            class="chart__confidence-point"
            x={p.x - 3.5}
            y={p.y - 3.5}
            width={7}
            height={7}
            data-testid="kr-lens-dashboard-chart-point"
            data-series="confidence"
          />
        ))}
        {progressPath && <path class="chart__progress" d={progressPath} />}
        {progressPoints.map((p) => (
          <circle
            key={`p-${p.point.at}`}
            class="chart__progress-point"
            cx={p.x}
            cy={p.y}
            r={4}
            data-testid="kr-lens-dashboard-chart-point"
            data-series="progress"
          />
        ))}
        {currentPoint && (
          <circle
            class="chart__current"
            cx={currentPoint.x}
            cy={currentPoint.y}
            r={5}
            data-testid="kr-lens-dashboard-chart-current"
            data-progress={String(chart.current)}
          />
        )}
      </svg>
      <figcaption class="chart__legend">
        <span class="legend legend--progress">progress toward the target{chart.unit ? ` (${chart.unit})` : ''}, left scale</span>
        <span class="legend legend--confidence">confidence 0–10, right scale</span>
        <span class="legend legend--expected">expected progress</span>
        <span class="legend legend--today">today</span>
      </figcaption>
    </figure>
  );
}
