/** One statement of a rendered schema. */
export interface DdlStatement {
  readonly kind: 'schema' | 'extension' | 'enum' | 'domain' | 'sequence' | 'table' | 'sequence-owner' | 'foreign-key' | 'index';
  /** `schema.name` of the object. */
  readonly object: string;
  readonly sql: string;
  /** May fail without failing the sync (an extension the shadow server lacks); the failure is noted. */
  readonly optional: boolean;
}
