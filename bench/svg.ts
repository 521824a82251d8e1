/** Writes bench/results.svg: grouped bars of client CPU per operation, one panel per server. */
import { CONTENDER_LABELS, OPERATION_LABELS, OPERATIONS, type ContenderName } from "./config.js";
import type { BenchResults, Target } from "./results.js";
import { cpuMedian } from "./targets.js";

const COLORS: Record<ContenderName, string> = { azqueue: "#1f6fb2", official: "#e0762b", raw: "#8c8c8c" };
const WIDTH = 860;
const PANEL_HEIGHT = 260;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 40 };

const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A round tick step giving four to eight gridlines up to `value`. */
function tickStep(value: number): number {
  const rough = value / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= rough)!;
}

function panel(results: BenchResults, target: Target, top: number): string {
  // The raw floor has no bar where it was not measured (deletes and updates against Azurite).
  const contenders: ContenderName[] = ["azqueue", "official", "raw"];
  const values = OPERATIONS.map((op) => contenders.map((contender) => cpuMedian(results, target, contender, op)));
  const step = tickStep(Math.max(1, ...values.flat().filter(Number.isFinite)));
  const ticks = Math.ceil(Math.max(1, ...values.flat().filter(Number.isFinite)) / step);
  const max = step * ticks;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const baseY = top + MARGIN.top + plotHeight;
  const groupWidth = plotWidth / OPERATIONS.length;
  const barWidth = (groupWidth * 0.7) / contenders.length;
  const parts: string[] = [
    `<text x="${MARGIN.left}" y="${top + 20}" font-size="14" font-weight="bold">Client CPU per operation, microseconds: against ${target === "stub" ? "the stub" : "Azurite"}</text>`,
  ];
  for (let tick = 0; tick <= ticks; tick++) {
    const value = step * tick;
    const y = baseY - (plotHeight * tick) / ticks;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${value.toLocaleString("en-US")}</text>`);
  }
  OPERATIONS.forEach((op, group) => {
    const groupX = MARGIN.left + group * groupWidth + groupWidth * 0.15;
    contenders.forEach((contender, index) => {
      const value = values[group]![index]!;
      if (!Number.isFinite(value)) return;
      const height = (plotHeight * value) / max;
      const x = groupX + index * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(baseY - height).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLORS[contender]}"><title>${escape(`${contender} ${OPERATION_LABELS[op]}: ${value.toFixed(1)} us`)}</title></rect>`);
      parts.push(`<text x="${(x + barWidth / 2 - 1).toFixed(1)}" y="${(baseY - height - 3).toFixed(1)}" font-size="10" text-anchor="middle">${Math.round(value)}</text>`);
    });
    parts.push(`<text x="${(MARGIN.left + (group + 0.5) * groupWidth).toFixed(1)}" y="${baseY + 16}" font-size="12" text-anchor="middle">${escape(OPERATION_LABELS[op])}</text>`);
  });
  return parts.join("\n");
}

export function renderChart(results: BenchResults): string {
  const legendY = PANEL_HEIGHT * 2 + 10;
  const legend = (Object.keys(COLORS) as ContenderName[]).map((contender, index) => {
    const x = MARGIN.left + index * 260;
    return `<rect x="${x}" y="${legendY}" width="12" height="12" fill="${COLORS[contender]}"/><text x="${x + 18}" y="${legendY + 11}" font-size="12">${escape(CONTENDER_LABELS[contender])}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${legendY + 30}" viewBox="0 0 ${WIDTH} ${legendY + 30}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${panel(results, "stub", 0)}
${panel(results, "azurite", PANEL_HEIGHT)}
${legend.join("\n")}
</svg>
`;
}
