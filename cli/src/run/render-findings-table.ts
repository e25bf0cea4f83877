import type { LoopReport } from './loop-report.js';
import { summarizeProposal } from './summarize-proposal.js';

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

const speed = (x: number | null, timedOut = false) => (x === null ? '-' : `${timedOut ? '≥' : ''}×${x >= 10 ? x.toFixed(0) : x.toFixed(1)}`);

/**
 * The table `shadowtune run` prints: one line per finding, then one line per proposal
 * serving it (kind, status, measured speed-up, the change) or, when it has none, the
 * reason of its best rejected candidate.
 */
export function renderFindingsTable(report: LoopReport): string {
  const byId = new Map(report.proposals.map((p) => [p.proposalId, summarizeProposal(p)]));
  const lines: string[] = [];
  lines.push(`${cell('FINDING', 10)} ${cell('SEVERITY', 8)} ${cell('PATTERNS', 34)} ${cell('STATEMENT', 60)}`);
  for (const f of report.findings) {
    lines.push(`${cell(f.finding.fingerprint.slice(0, 10), 10)} ${cell(f.finding.severity, 8)} ${cell(f.finding.patterns.map((p) => p.pattern).join(','), 34)} ${cell(f.finding.normalizedSql, 60)}`);
    if (f.error) lines.push(`  ! not evaluated: ${f.error}`);
    for (const id of f.proposals) {
      const p = byId.get(id);
      if (!p) continue;
      lines.push(`  → ${cell(p.id, 19)} ${cell(p.kind, 10)} ${cell(p.status, 11)} ${cell(speed(p.speedup, p.baselineTimedOut), 7)} ${p.ddl ?? p.sql ?? ''}`);
    }
    if (f.proposals.length === 0 && !f.error) {
      const reasons = [...new Set([...f.candidates.filter((c) => c.outcome === 'rejected').map((c) => c.reasonCode ?? ''), ...f.skips.map((s) => s.reason)])].filter(Boolean);
      lines.push(`  · no proposal: ${reasons.length > 0 ? reasons.join(', ') : 'no candidate'}`);
    }
  }
  const applied = report.proposals.filter((p) => p.status === 'APPLIED').length;
  lines.push('');
  lines.push(
    `${report.signatures} statements, ${report.findings.length} findings, ${report.proposals.length} proposals (${applied} applied, policy ${report.policy}), ${report.silences} statements without a finding, ${report.deadLetters} unreadable log records; ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}
