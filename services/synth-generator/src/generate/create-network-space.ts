import type { ValueSpace } from './value-space.js';

function dotted(address: number): string {
  return `${(address >>> 24) & 255}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** inet: hosts in 10.0.0.0/8 then the rest of IPv4; cidr: /24 networks; macaddr: k as 48 bits. */
export function createNetworkSpace(typeName: string): ValueSpace {
  if (typeName === 'cidr') {
    return { capacity: 2 ** 24, needsEscape: false, encode: (k) => `${dotted((k * 256) >>> 0)}/24` };
  }
  if (typeName === 'macaddr' || typeName === 'macaddr8') {
    const bytes = typeName === 'macaddr' ? 6 : 8;
    return {
      capacity: 2 ** 48,
      needsEscape: false,
      encode: (k) => k.toString(16).padStart(bytes * 2, '0').match(/../g)?.join(':') ?? '00:00:00:00:00:00',
    };
  }
  return { capacity: 2 ** 32, needsEscape: false, encode: (k) => dotted((0x0a000000 + k) >>> 0) };
}
