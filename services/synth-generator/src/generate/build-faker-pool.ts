import { Faker, en } from '@faker-js/faker';
import { deriveSeed } from '../distributions/derive-seed.js';
import type { FakerKind } from './faker-kind.js';

const POOL_DRAWS = 3000;
const cache = new Map<string, readonly string[]>();

function draw(faker: Faker, kind: FakerKind): string {
  switch (kind) {
    case 'email': return faker.internet.email().toLowerCase();
    case 'first-name': return faker.person.firstName();
    case 'last-name': return faker.person.lastName();
    case 'full-name': return faker.person.fullName();
    case 'username': return faker.internet.username();
    case 'phone': return faker.phone.number();
    case 'street-address': return faker.location.streetAddress();
    case 'city': return faker.location.city();
    case 'state': return faker.location.state();
    case 'country': return faker.location.country();
    case 'postal-code': return faker.location.zipCode();
    case 'url': return faker.internet.url();
    case 'company': return faker.company.name();
    case 'job-title': return faker.person.jobTitle();
    case 'product-name': return faker.commerce.productName();
    case 'sentence': return faker.lorem.sentence();
    case 'color': return faker.color.human();
    case 'currency-code': return faker.finance.currencyCode();
    case 'slug': return faker.lorem.slug();
    case 'word': return faker.lorem.word();
  }
}

/**
 * Distinct realistic values of one kind, drawn once per (kind, seed) from a seeded faker
 * and cached: columns index into the pool by value number, so faker is not on the row
 * path. Values never contain `#` or `+` (used to append a unique key) and are distinct
 * case-insensitively (so citext and lower() unique indexes hold).
 */
export function buildFakerPool(kind: FakerKind, seed: number | bigint): readonly string[] {
  const cacheKey = `${kind}:${String(seed)}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const faker = new Faker({ locale: [en] });
  faker.seed(deriveSeed(seed, 'faker', kind));
  const seen = new Set<string>();
  const pool: string[] = [];
  for (let i = 0; i < POOL_DRAWS; i += 1) {
    const value = draw(faker, kind).replace(/[#+\\\t\n\r\u0000]/g, '').trim();
    const folded = value.toLowerCase();
    if (value.length === 0 || seen.has(folded)) continue;
    seen.add(folded);
    pool.push(value);
  }
  cache.set(cacheKey, pool);
  return pool;
}
