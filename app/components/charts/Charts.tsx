import type { ReactNode } from "react";
import { bandLayout, linearScale, niceTicks, r2, stackSegments } from "./scale";

/*
 * Server-rendered SVG charts for the statistics page: no client JavaScript, no inline styles
 * (colours and type are classes in app.css), sized by viewBox. Each series has a colour and a
 * pattern, and every bar its number as text, so colour is never the only cue; the exact figures
 * are in a table beside the chart (ChartFigure).
 */

const width = 480;
/** The patterns of the series, in order: solid, diagonal, dots, horizontal, crosshatch, vertical. */
const patternShapes = ["", "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "dots", "M0,4 h8", "M0,0 l8,8 M8,0 l-8,8", "M4,0 v8"];

function SeriesPatterns({ id, count }: { id: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, index) => {
        const shape = patternShapes[index % patternShapes.length]!;
        return (
          <pattern key={index} id={`${id}-pattern-${index}`} patternUnits="userSpaceOnUse" width="8" height="8">
            <rect width="8" height="8" className={`chart-series-${index + 1}`} />
            {shape === "dots" ? <circle cx="4" cy="4" r="1.6" className="chart-dot" /> : shape ? <path d={shape} className="chart-hatch" /> : null}
          </pattern>
        );
      })}
    </defs>
  );
}

const fillOf = (id: string, index: number) => `url(#${id}-pattern-${index})`;

/** A figure with its caption: the chart and, in a disclosure, its table; or the "nothing yet" line. */
export function ChartFigure(props: { id: string; caption: string; empty: boolean; emptyText: string; chart: ReactNode; legend?: ReactNode; table: ReactNode; tableLabel: string }) {
  return (
    <figure className="chart" data-chart={props.id} aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      {props.empty ? (
        <p className="chart-empty" data-chart-empty="">
          {props.emptyText}
        </p>
      ) : (
        <>
          {props.chart}
          {props.legend}
          <details className="chart-table">
            <summary>{props.tableLabel}</summary>
            <div className="table-scroll" role="region" aria-labelledby={`${props.id}-caption`} tabIndex={0}>
              {props.table}
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

/** The legend of a stacked chart, with the same patterns as its bars (defined in that chart's SVG). */
export function ChartLegend({ id, label, series }: { id: string; label: string; series: string[] }) {
  return (
    <div className="chart-legend">
      <p className="chart-legend__label" id={`${id}-legend`}>
        {label}
      </p>
      <ul aria-labelledby={`${id}-legend`}>
        {series.map((name, index) => (
          <li key={name}>
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" className="chart-swatch">
              <rect x="0.5" y="0.5" width="15" height="15" fill={fillOf(id, index)} className="chart-swatch__box" />
            </svg>
            {name}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface StackedColumn {
  key: string;
  /** The short label under the column. */
  label: string;
  values: number[];
}

/** Columns of stacked segments, one series per colour and pattern, the total above each column. */
export function StackedColumnChart(props: { id: string; title: string; desc: string; columns: StackedColumn[]; seriesCount: number; xAxisLabel: string; yAxisLabel: string }) {
  const height = 270;
  const margin = { top: 34, right: 8, bottom: 48, left: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const totals = props.columns.map((column) => column.values.reduce((sum, value) => sum + value, 0));
  const ticks = niceTicks(Math.max(0, ...totals), 4);
  const scale = linearScale(ticks[ticks.length - 1]!, plotHeight);
  const bands = bandLayout(props.columns.length, plotWidth);
  const baseline = margin.top + plotHeight;
  return (
    <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} data-chart-svg="">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.desc}</desc>
      <SeriesPatterns id={props.id} count={props.seriesCount} />
      <text x={margin.left} y={14} className="chart-axis-title">
        {props.yAxisLabel}
      </text>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={r2(baseline - scale(tick))} y2={r2(baseline - scale(tick))} className={tick === 0 ? "chart-baseline" : "chart-grid"} />
          <text x={margin.left - 6} y={r2(baseline - scale(tick) + 4)} className="chart-tick" textAnchor="end">
            {tick}
          </text>
        </g>
      ))}
      {props.columns.map((column, columnIndex) => {
        const band = bands[columnIndex]!;
        const x = r2(margin.left + band.start);
        return (
          <g key={column.key} data-column={column.key}>
            {stackSegments(column.values)
              .filter((segment) => segment.value > 0)
              .map((segment) => (
                <rect
                  key={segment.index}
                  x={x}
                  width={r2(band.width)}
                  y={r2(baseline - scale(segment.to))}
                  height={r2(scale(segment.to) - scale(segment.from))}
                  fill={fillOf(props.id, segment.index)}
                  className="chart-segment"
                  data-bar=""
                  data-series={segment.index + 1}
                  data-value={segment.value}
                />
              ))}
            {totals[columnIndex]! > 0 ? (
              <text x={r2(margin.left + band.centre)} y={r2(baseline - scale(totals[columnIndex]!) - 5)} className="chart-value" textAnchor="middle">
                {totals[columnIndex]}
              </text>
            ) : null}
            <text x={r2(margin.left + band.centre)} y={baseline + 18} className="chart-tick" textAnchor="middle">
              {column.label}
            </text>
          </g>
        );
      })}
      <text x={margin.left + plotWidth / 2} y={height - 8} className="chart-axis-title" textAnchor="middle">
        {props.xAxisLabel}
      </text>
    </svg>
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const shorten = (text: string, max = 46) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, the label above each bar and its number at its end; a value axis below. */
export function HorizontalBarChart(props: { id: string; title: string; desc: string; bars: Bar[]; valueAxisLabel: string }) {
  const rowHeight = 42;
  const margin = { top: 8, right: 40, bottom: 40, left: 8 };
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + props.bars.length * rowHeight + margin.bottom;
  const ticks = niceTicks(Math.max(0, ...props.bars.map((bar) => bar.value)), 4);
  const scale = linearScale(ticks[ticks.length - 1]!, plotWidth);
  const axisY = margin.top + props.bars.length * rowHeight;
  return (
    <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} data-chart-svg="">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.desc}</desc>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={r2(margin.left + scale(tick))} x2={r2(margin.left + scale(tick))} y1={margin.top} y2={axisY} className={tick === 0 ? "chart-baseline" : "chart-grid"} />
          <text x={r2(margin.left + scale(tick))} y={axisY + 16} className="chart-tick" textAnchor="middle">
            {tick}
          </text>
        </g>
      ))}
      {props.bars.map((bar, index) => {
        const top = margin.top + index * rowHeight;
        const length = r2(scale(bar.value));
        return (
          <g key={bar.key} data-row={bar.key}>
            <text x={margin.left + 4} y={top + 15} className="chart-label">
              {shorten(bar.label)}
            </text>
            {bar.value > 0 ? <rect x={margin.left} y={top + 21} width={length} height={14} className="chart-bar" data-bar="" data-value={bar.value} /> : null}
            <text x={r2(margin.left + length + 5)} y={top + 33} className="chart-value">
              {bar.value}
            </text>
          </g>
        );
      })}
      <text x={margin.left + plotWidth / 2} y={height - 6} className="chart-axis-title" textAnchor="middle">
        {props.valueAxisLabel}
      </text>
    </svg>
  );
}
