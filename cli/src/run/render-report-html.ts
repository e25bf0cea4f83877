import type { Evidence } from '@shadowtune/shared/contracts/generated-types';
import type { FindingReport, LoopReport } from './loop-report.js';
import { summarizeProposal, type ProposalSummary } from './summarize-proposal.js';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`);

/**
 * Baseline against candidate, one pair of horizontal bars per parameter class, on a log
 * scale (speed-ups span orders of magnitude), as inline SVG.
 */
export function renderEvidenceSvg(evidence: readonly Evidence[]): string {
  if (evidence.length === 0) return '';
  const rowHeight = 18;
  const width = 560;
  const label = 150;
  const barWidth = width - label - 90;
  const max = Math.max(...evidence.flatMap((e) => [e.baselineMs, e.candidateMs]), 0.001);
  const scale = (x: number) => Math.max(2, (Math.log10(x * 1000 + 1) / Math.log10(max * 1000 + 1)) * barWidth);
  const parts: string[] = [];
  let y = 4;
  for (const e of evidence) {
    const name = `${e.guard ? `guard ${e.fingerprint.slice(0, 8)} ` : ''}${e.parameterClass.toLowerCase().replace('_', ' ')}`;
    parts.push(`<text x="0" y="${y + 13}" font-size="12">${escape(name)}</text>`);
    parts.push(`<rect x="${label}" y="${y}" width="${scale(e.baselineMs).toFixed(1)}" height="${rowHeight - 4}" fill="#c0504d"><title>baseline ${escape(ms(e.baselineMs))}</title></rect>`);
    parts.push(`<text x="${label + scale(e.baselineMs) + 4}" y="${y + 11}" font-size="11">${escape(`${e.baselineTimedOut ? '≥' : ''}${ms(e.baselineMs)}`)}</text>`);
    y += rowHeight;
    parts.push(`<rect x="${label}" y="${y}" width="${scale(e.candidateMs).toFixed(1)}" height="${rowHeight - 4}" fill="#4f81bd"><title>candidate ${escape(ms(e.candidateMs))}</title></rect>`);
    parts.push(`<text x="${label + scale(e.candidateMs) + 4}" y="${y + 11}" font-size="11">${escape(`${ms(e.candidateMs)} (×${e.speedup >= 10 ? e.speedup.toFixed(0) : e.speedup.toFixed(1)})`)}</text>`);
    y += rowHeight + 6;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" role="img" aria-label="baseline (red) against candidate (blue), median per parameter class, log scale">${parts.join('')}</svg>`;
}

function renderProposal(p: ProposalSummary): string {
  return `<div class="proposal">
<h4>${escape(p.kind)} <code>${escape(p.id)}</code> — ${escape(p.status)}${p.speedup !== null ? ` — median ×${p.speedup.toFixed(p.speedup >= 10 ? 0 : 1)}` : ''}${p.writeCost !== null ? `, writes ×${p.writeCost.toFixed(2)}` : ''}, confidence ${p.confidence.toFixed(2)}</h4>
<p>${escape(p.rationale)}</p>
${renderEvidenceSvg(p.evidence)}
<p>Apply:</p><pre>${escape(p.ddl ?? p.sql ?? '')};</pre>
<p>Roll back:</p><pre>${escape(p.rollback)};</pre>
</div>`;
}

function renderFinding(f: FindingReport, proposals: Map<string, ProposalSummary>): string {
  const rejected = f.candidates.filter((c) => c.outcome === 'rejected');
  return `<section>
<h2>${escape(f.finding.severity)} · ${escape(f.finding.patterns.map((p) => p.pattern).join(', '))}</h2>
<p class="meta">fingerprint <code>${escape(f.finding.fingerprint)}</code>${f.finding.stats.meanMs !== null ? ` · mean ${escape(ms(f.finding.stats.meanMs))} in production` : ''} · ${f.finding.stats.calls.toFixed(0)} calls</p>
<h3>Query</h3><pre>${escape(f.finding.normalizedSql)}</pre>
<h3>Problem</h3><ul>${f.finding.patterns.map((p) => `<li><b>${escape(p.pattern)}</b>: ${escape(p.detail)}</li>`).join('')}</ul>
${f.finding.planExcerpt ? `<pre class="plan">${escape(f.finding.planExcerpt)}</pre>` : ''}
<h3>Proposals</h3>${f.proposals.length === 0 ? '<p>None.</p>' : f.proposals.map((id) => (proposals.has(id) ? renderProposal(proposals.get(id)!) : '')).join('')}
${f.error ? `<p class="error">Not evaluated: ${escape(f.error)}</p>` : ''}
${rejected.length > 0 ? `<h3>Candidates not proposed</h3><table><tr><th>candidate</th><th>reason</th><th>detail</th></tr>${rejected.map((c) => `<tr><td><code>${escape(c.sql)}</code></td><td>${escape(c.reasonCode ?? '')}</td><td>${escape(c.reasonDetail ?? '')}</td></tr>`).join('')}</table>` : ''}
${f.skips.length > 0 ? `<h3>Notes</h3><ul>${f.skips.map((s) => `<li>${escape(s.reason)}: ${escape(s.detail)}</li>`).join('')}</ul>` : ''}
</section>`;
}

/** report.html: one section per finding with its query, problem, measured proposals (inline SVG plots) and the DDL to apply. */
export function renderReportHtml(report: LoopReport): string {
  const proposals = new Map(report.proposals.map((p) => [p.proposalId, summarizeProposal(p)]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shadowtune report</title>
<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}pre{background:#f4f4f4;padding:.6em;overflow-x:auto;white-space:pre-wrap}section{border-top:1px solid #ccc;margin-top:2em}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.3em;text-align:left;vertical-align:top}.meta{color:#666}.proposal{border-left:4px solid #4f81bd;padding-left:1em;margin:1em 0}.error{color:#a00}</style>
</head><body>
<h1>shadowtune report</h1>
<p>${report.signatures} statements analysed, ${report.findings.length} findings, ${report.proposals.length} proposals (policy <b>${escape(report.policy)}</b>). Times are medians measured on the shadow with synthetic data: red = before, blue = after; heavy hitters are the most frequent parameter values, the tail the rarest.</p>
${report.findings.map((f) => renderFinding(f, proposals)).join('\n')}
</body></html>
`;
}
