/**
 * Kafka's default partitioner for keyed records (murmur2, as the Java client and kafkajs
 * compute it), so the memory bus places a key on the same partition number as Kafka would.
 */
export function partitionForKey(key: Buffer, partitions: number): number {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  const length = key.length;
  let h = seed ^ length;
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (key[i4]! & 0xff) + ((key[i4 + 1]! & 0xff) << 8) + ((key[i4 + 2]! & 0xff) << 16) + ((key[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  const remaining = length % 4;
  if (remaining === 3) h ^= (key[tail + 2]! & 0xff) << 16;
  if (remaining >= 2) h ^= (key[tail + 1]! & 0xff) << 8;
  if (remaining >= 1) {
    h ^= key[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return (h & 0x7fffffff) % partitions;
}
