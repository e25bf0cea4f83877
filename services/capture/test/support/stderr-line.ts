/** A stderr log line as PostgreSQL writes it under log_line_prefix '%m [%p] %q%u@%d '. */
export function stderrLine(statement: string, pid = 4242, durationMs = 1.25): string {
  return `2026-11-21 22:24:00.079 UTC [${pid}] app@shop LOG:  duration: ${durationMs.toFixed(3)} ms  statement: ${statement.replaceAll('\n', '\n\t')}\n`;
}
