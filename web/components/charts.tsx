// Minimal SVG charts (no library): bars with an optional target line, and a cumulative line with a
// projection. Each chart is an image with a text alternative; pages put the data table beside it.
import { formatDecimal, formatInt } from '../format.ts';

export interface Bar {
  label: string;
  /** null: masked by the secrecy of small numbers; `masked` says how (« < 3 », « secret ») */
  value: number | null;
  masked?: string;
  color: string;
}

export interface BarGroup {
  label: string;
  bars: Bar[];
}

const W = 560;
const H = 260;
const M = { top: 24, right: 16, bottom: 44, left: 56 };

/** The axis maximum: the first "round" value above `value` whose quarters are round too (ticks 0, ¼, ½, ¾, 1). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const fmt = (v: number) => (Number.isInteger(v) ? formatInt(v) : formatDecimal(v));

function Axis(props: { max: number }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * props.max);
  const innerH = H - M.top - M.bottom;
  return (
    <g>
      {ticks.map((t) => {
        const y = M.top + innerH - (t / props.max) * innerH;
        return (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y} y2={y} stroke="#d5d8de" />
            <text x={M.left - 6} y={y + 4} text-anchor="end">
              {fmt(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** With several bars per group, their names and colours in a row above the plot (whole names, not cut). */
function Legend(props: { bars: Bar[] }) {
  if (props.bars.length < 2) return null;
  let x = M.left;
  return (
    <g font-size="11">
      {props.bars.map((bar) => {
        const at = x;
        x += 22 + bar.label.length * 6.5; // approximate text width at 11px
        return (
          <g key={bar.label}>
            <rect x={at} y={4} width={10} height={10} fill={bar.color} stroke="#1b1b1f" stroke-width="0.5" />
            <text x={at + 14} y={13}>
              {bar.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Grouped bars; `target` draws a dashed horizontal line labelled with its value. */
export function BarChart(props: { title: string; groups: BarGroup[]; target?: { value: number; label: string }; description: string }) {
  const values = props.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = niceMax(Math.max(props.target?.value ?? 0, ...values, 1));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const groupW = innerW / Math.max(1, props.groups.length);
  const y = (v: number) => M.top + innerH - (v / max) * innerH;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title}. ${props.description}`}>
      <Axis max={max} />
      {props.groups.map((group, gi) => {
        const barW = Math.min(60, (groupW * 0.8) / group.bars.length);
        const start = M.left + gi * groupW + (groupW - barW * group.bars.length) / 2;
        return (
          <g key={group.label}>
            {group.bars.map((bar, bi) =>
              bar.value === null ? (
                // masked (secret statistique): no bar, a mark saying why
                <text key={bar.label} x={start + bi * barW + barW / 2} y={y(0) - 4} text-anchor="middle" font-size={9}>
                  {bar.masked ?? 'secret'}
                  <title>{`${group.label} · ${bar.label} : ${bar.masked ?? 'secret'}`}</title>
                </text>
              ) : (
              <g key={bar.label}>
                <rect x={start + bi * barW + 1} y={y(bar.value)} width={barW - 2} height={Math.max(0, y(0) - y(bar.value))} fill={bar.color} stroke="#1b1b1f" stroke-width="0.5">
                  <title>{`${group.label} · ${bar.label} : ${fmt(bar.value)}`}</title>
                </rect>
                <text x={start + bi * barW + barW / 2} y={y(bar.value) - 4} text-anchor="middle" font-size={group.bars.length > 2 ? 9 : 11}>
                  {fmt(Math.round(bar.value))}
                </text>
              </g>
              ),
            )}
            <text x={M.left + gi * groupW + groupW / 2} y={H - M.bottom + 16} text-anchor="middle" font-weight="600">
              {group.label}
            </text>
          </g>
        );
      })}
      <Legend bars={props.groups[0]?.bars ?? []} />
      {props.target && (
        <g>
          <line x1={M.left} x2={W - M.right} y1={y(props.target.value)} y2={y(props.target.value)} stroke="#a4161a" stroke-width="2" stroke-dasharray="6 4" />
          <text x={W - M.right} y={y(props.target.value) - 5} text-anchor="end" fill="#a4161a" font-weight="600">
            {props.target.label}
          </text>
        </g>
      )}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#1b1b1f" />
    </svg>
  );
}

/** Cumulative values by quarter (solid), a projection to year end (dashed) and the target (dashed red). */
export function CumulativeChart(props: {
  title: string;
  points: Array<{ quarter: number; value: number }>;
  projection?: number | null;
  target?: { value: number; label: string };
  description: string;
}) {
  const max = niceMax(Math.max(props.target?.value ?? 0, props.projection ?? 0, ...props.points.map((p) => p.value), 1));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const x = (q: number) => M.left + (q / 4) * innerW;
  const y = (v: number) => M.top + innerH - (v / max) * innerH;
  const path = [{ quarter: 0, value: 0 }, ...props.points].map((p, i) => `${i ? 'L' : 'M'}${x(p.quarter)},${y(p.value)}`).join(' ');
  const last = props.points[props.points.length - 1];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title}. ${props.description}`}>
      <Axis max={max} />
      {[1, 2, 3, 4].map((q) => (
        <text key={q} x={x(q)} y={H - M.bottom + 16} text-anchor="middle">
          T{q}
        </text>
      ))}
      {props.target !== undefined && (
        <g>
          <line x1={M.left} x2={W - M.right} y1={y(props.target.value)} y2={y(props.target.value)} stroke="#a4161a" stroke-width="2" stroke-dasharray="6 4" />
          <text x={M.left + 4} y={y(props.target.value) - 5} fill="#a4161a" font-weight="600">
            {props.target.label}
          </text>
        </g>
      )}
      <path d={path} fill="none" stroke="#0b4f8a" stroke-width="3" />
      {props.points.map((p) => (
        <g key={p.quarter}>
          <circle cx={x(p.quarter)} cy={y(p.value)} r="4" fill="#0b4f8a" />
          <text x={x(p.quarter)} y={y(p.value) - 8} text-anchor="middle">
            {fmt(Math.round(p.value))}
          </text>
        </g>
      ))}
      {last && props.projection !== null && props.projection !== undefined && last.quarter < 4 && (
        <g>
          <line x1={x(last.quarter)} y1={y(last.value)} x2={x(4)} y2={y(props.projection)} stroke="#0b4f8a" stroke-width="2" stroke-dasharray="4 4" />
          <rect x={x(4) - 4} y={y(props.projection) - 4} width="8" height="8" fill="#fff" stroke="#0b4f8a" stroke-width="2" />
          <text x={x(4) + 4} y={y(props.projection) - 10} text-anchor="end">
            projection {fmt(Math.round(props.projection))}
          </text>
        </g>
      )}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#1b1b1f" />
    </svg>
  );
}
