import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

export interface SchemaSource {
  /** The cached model, read again when older than the refresh interval. */
  get(): Promise<SchemaModel>;
  /** Reads the model again now (a finding named something the cached model lacks). */
  refresh(): Promise<SchemaModel>;
}

/** Caches a schema model read by `load` for `refreshMs`. */
export function createSchemaSource(load: () => Promise<SchemaModel>, refreshMs: number, now: () => number = Date.now): SchemaSource {
  let cached: { model: SchemaModel; at: number } | null = null;
  const refresh = async (): Promise<SchemaModel> => {
    const model = await load();
    cached = { model, at: now() };
    return model;
  };
  return {
    get: async () => (cached !== null && now() - cached.at < refreshMs ? cached.model : refresh()),
    refresh,
  };
}
