import type pg from 'pg';
import type { RewriteRule } from '@shadowtune/shared/contracts/generated-types';
import { runQuery } from './run-query.js';

/** The current state of each rewrite rule published on rewrite.rules. */
export interface RuleStore {
  save(rule: RewriteRule): Promise<void>;
  get(ruleId: string): Promise<RewriteRule | null>;
}

export function ruleStore(db: pg.Pool): RuleStore {
  return {
    async save(rule) {
      await runQuery(
        db,
        `INSERT INTO shadowtune.rewrite_rules (rule_id, proposal_id, fingerprint, action, replacement_sql, traffic_share, effective_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0))
         ON CONFLICT (rule_id) DO UPDATE SET action = EXCLUDED.action, replacement_sql = EXCLUDED.replacement_sql, traffic_share = EXCLUDED.traffic_share, effective_at = EXCLUDED.effective_at`,
        [rule.ruleId, rule.proposalId, rule.fingerprint, rule.action, rule.replacementSql, rule.trafficShare, rule.effectiveAt],
      );
    },
    async get(ruleId) {
      const row = (await runQuery(db, `SELECT rule_id, proposal_id, fingerprint, action, replacement_sql, traffic_share, (extract(epoch FROM effective_at) * 1000)::float8 AS effective_at FROM shadowtune.rewrite_rules WHERE rule_id = $1`, [ruleId])).rows[0];
      if (!row) return null;
      return {
        ruleId: String(row.rule_id),
        proposalId: String(row.proposal_id),
        fingerprint: String(row.fingerprint),
        action: row.action as RewriteRule['action'],
        replacementSql: (row.replacement_sql as string | null) ?? null,
        trafficShare: Number(row.traffic_share),
        effectiveAt: Number(row.effective_at),
      };
    },
  };
}
