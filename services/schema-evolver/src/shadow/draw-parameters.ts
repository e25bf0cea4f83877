import type { ParameterSource } from './parameter-source.js';

function typedValue(typeClass: string, random: () => number): string | null {
  switch (typeClass) {
    case 'INTEGER':
      return String(1 + Math.floor(random() * 1000));
    case 'DECIMAL':
      return (random() * 1000).toFixed(2);
    case 'BOOLEAN':
      return random() < 0.5 ? 'true' : 'false';
    case 'DATE_TIME':
      return new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 365 * 86_400_000)).toISOString();
    case 'UUID': {
      const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    }
    case 'JSON':
      return '{}';
    case 'NULL':
      return null;
    case 'UNIQUE_INTEGER':
      return String(1_000_000_000 + Math.floor(random() * 1_000_000_000));
    default:
      return `shadowtune-${Math.floor(random() * 1_000_000)}`;
  }
}

function windowValue(value: number, time: boolean): string {
  return time ? new Date(value).toISOString() : String(value);
}

/** One set of parameter values ($1 first) drawn from the sources. */
export function drawParameters(sources: readonly ParameterSource[], random: () => number): (string | null)[] {
  const lowers = new Map<number, number>();
  const values: (string | null)[] = sources.map(() => null);
  sources.forEach((source, index) => {
    if (source.kind === 'window-lower') {
      const room = Math.max(0, source.max - source.min - source.span);
      const lower = source.min + random() * room;
      lowers.set(index, lower);
      values[index] = windowValue(lower, source.time);
    } else if (source.kind === 'sample') {
      values[index] = source.values.length === 0 ? null : random() < source.topShare ? source.values[0]! : source.values[Math.floor(random() * source.values.length)]!;
    } else if (source.kind === 'constant') {
      values[index] = source.value;
    } else if (source.kind === 'typed') {
      values[index] = typedValue(source.typeClass, random);
    }
  });
  sources.forEach((source, index) => {
    if (source.kind !== 'window-upper') return;
    const lowerSource = sources[source.pair];
    const lower = lowers.get(source.pair);
    if (lowerSource?.kind === 'window-lower' && lower !== undefined) values[index] = windowValue(lower + lowerSource.span, lowerSource.time);
  });
  return values;
}
