import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { Logger } from '@shadowtune/shared/log/create-logger';

export interface SchemaProvider {
  /** The current model, read again when older than the refresh interval. */
  current(): Promise<SchemaModel>;
  /** Forgets the cached model (e.g. after the shadow was reloaded). */
  invalidate(): void;
}

/**
 * Caches the schema model between refreshes. If a refresh fails the previous model stays
 * in use (and the failure is logged); with no model yet the failure propagates.
 */
export function createSchemaProvider(load: () => Promise<SchemaModel>, refreshMs: number, logger?: Logger, now: () => number = Date.now): SchemaProvider {
  let model: SchemaModel | null = null;
  let loadedAt = 0;
  let loading: Promise<SchemaModel> | null = null;
  const reload = (): Promise<SchemaModel> => {
    loading ??= load()
      .then((fresh) => {
        model = fresh;
        loadedAt = now();
        return fresh;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };
  return {
    async current() {
      if (model === null) return reload();
      if (now() - loadedAt >= refreshMs) {
        try {
          return await reload();
        } catch (error) {
          logger?.warn({ err: error }, 'schema model refresh failed; keeping the previous model');
          loadedAt = now();
          return model;
        }
      }
      return model;
    },
    invalidate() {
      model = null;
    },
  };
}
