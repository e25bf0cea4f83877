import type { FakerKind } from './faker-kind.js';

const BY_COLUMN: readonly (readonly [RegExp, FakerKind])[] = [
  [/e_?mail/, 'email'],
  [/(^|_)(first|given)_?name$/, 'first-name'],
  [/(^|_)(last|family|sur)_?name$|^surname$/, 'last-name'],
  [/user_?name|(^|_)login$|(^|_)handle$|nick_?name/, 'username'],
  [/phone|mobile|(^|_)tel$|(^|_)fax$/, 'phone'],
  [/address|street/, 'street-address'],
  [/(^|_)(city|town)$/, 'city'],
  [/(^|_)(state|province|region)$/, 'state'],
  [/country/, 'country'],
  [/zip|postal|post_?code/, 'postal-code'],
  [/url|website|homepage|(^|_)link$/, 'url'],
  [/company|organi[sz]ation|employer|vendor|supplier|merchant/, 'company'],
  [/(^|_)(job|occupation|job_title|position_title)$/, 'job-title'],
  [/colou?r/, 'color'],
  [/currency/, 'currency-code'],
  [/slug/, 'slug'],
  [/(^|_)(full_?name|display_?name|author|contact_?name|customer_?name)$/, 'full-name'],
  [/description|comment|(^|_)body$|(^|_)notes?$|(^|_)bio$|summary|message|content|(^|_)text$|(^|_)title$|subject|headline/, 'sentence'],
];

/**
 * Picks realistic text for a string column from its name (and, for a bare `name`, from
 * its table's name). Returns 'word' when nothing matches.
 */
export function detectFakerKind(tableName: string, columnName: string): FakerKind {
  const column = columnName.toLowerCase();
  for (const [pattern, kind] of BY_COLUMN) if (pattern.test(column)) return kind;
  if (column === 'name' || column.endsWith('_name')) {
    const table = tableName.toLowerCase();
    if (/product|item|sku|catalog|article|goods/.test(table)) return 'product-name';
    if (/compan|organi|vendor|supplier|merchant|tenant|account|brand/.test(table)) return 'company';
    if (/cit(y|ies)/.test(table)) return 'city';
    if (/countr/.test(table)) return 'country';
    return 'full-name';
  }
  return 'word';
}
