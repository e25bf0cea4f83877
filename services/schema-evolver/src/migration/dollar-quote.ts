/** A dollar-quoted string whose tag does not occur in the body (generated function bodies). */
export function dollarQuote(body: string): string {
  let tag = 'shadowtune';
  for (let i = 0; body.includes(`$${tag}$`); i += 1) tag = `shadowtune${i}`;
  return `$${tag}$${body}$${tag}$`;
}
