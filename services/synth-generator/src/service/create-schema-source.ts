import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

export interface SchemaSource {
  /** The cached model, read again when older than the refresh interval or invalidated. */
  get(): Promise<SchemaModel>;
  /** Reads the model again now (a finding named something the cached model lacks). */
  refresh(): Promise<SchemaModel>;
  /** The cached model without reading, or null. */
  peek(): SchemaModel | null;
  /** Makes the next get() read the model again (a signature named an unknown relation). */
  invalidate(): void;
}

/** Caches a schema model read by `load` for `refreshMs`. */
export function createSchemaSource(load: () => Promise<SchemaModel>, refreshMs: number, now: () => number = Date.now): SchemaSource {
  let cached: { model: SchemaModel; at: number } | null = null;
  let stale = false;
  const refresh = async (): Promise<SchemaModel> => {
    const model = await load();
    cached = { model, at: now() };
    stale = false;
    return model;
  };
  return {
    get: async () => (cached !== null && !stale && now() - cached.at < refreshMs ? cached.model : refresh()),
    refresh,
    peek: () => cached?.model ?? null,
    invalidate: () => {
      stale = true;
    },
  };
}
