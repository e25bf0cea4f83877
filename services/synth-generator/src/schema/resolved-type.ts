/** A column's type with enums and domains looked through: what the generator needs. */
export interface ResolvedType {
  /** Internal base name: int4, numeric, varchar, bpchar, timestamptz, uuid, ..., `enum`, or an unknown type's name. */
  readonly typeName: string;
  /** pg_type.typcategory of the base type. */
  readonly category: string;
  readonly isArray: boolean;
  readonly maxLength: number | null;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly enumLabels: readonly string[] | null;
  /** CHECK definitions of the domain(s) in the chain, written against VALUE. */
  readonly domainChecks: readonly string[];
  readonly domainNotNull: boolean;
}
