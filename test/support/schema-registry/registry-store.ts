import type { Type } from 'avsc';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCompatibility } from './check-compatibility.js';
import type { CompatibilityLevel } from './compatibility-level.js';
import { parseSchema, type ParsedSchema, type SchemaReference, type SchemaType } from './parse-schema.js';
import { RegistryError } from './registry-error.js';

export interface StoredSchema {
  id: number;
  schemaType: SchemaType;
  /** As first registered under this id; what GET returns. */
  schema: string;
  references: SchemaReference[];
  canonical: string;
}

interface SubjectVersion {
  version: number;
  id: number;
  deleted: boolean;
}

export interface SchemaInput {
  schema: unknown;
  schemaType?: unknown;
  references?: unknown;
}

export interface VersionView {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

interface PersistedState {
  nextId: number;
  globalLevel: CompatibilityLevel;
  schemas: Omit<StoredSchema, 'canonical'>[];
  subjects: Record<string, SubjectVersion[]>;
  subjectLevels: Record<string, CompatibilityLevel>;
}

function readReferences(raw: unknown): SchemaReference[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw RegistryError.invalidSchema('"references" must be an array');
  return raw.map((r: unknown) => {
    const ref = r as Partial<SchemaReference> | null;
    if (!ref || typeof ref.name !== 'string' || typeof ref.subject !== 'string' || !Number.isInteger(ref.version)) {
      throw RegistryError.invalidSchema(`invalid reference ${JSON.stringify(r)}`);
    }
    return { name: ref.name, subject: ref.subject, version: ref.version as number };
  });
}

/**
 * Subjects, versions and globally numbered schemas, with Confluent's semantics: ids start at
 * 1 and are shared across subjects for the same canonical schema, versions count from 1 per
 * subject, deletes are soft unless permanent. With a data directory the whole state is
 * rewritten atomically after every change.
 */
export class RegistryStore {
  private nextId = 1;
  private globalLevel: CompatibilityLevel = 'BACKWARD';
  private readonly schemas = new Map<number, StoredSchema>();
  private readonly idsByCanonical = new Map<string, number>();
  private readonly subjects = new Map<string, SubjectVersion[]>();
  private readonly subjectLevels = new Map<string, CompatibilityLevel>();
  /** Parsed Avro types by id, so compatibility checks do not re-parse every earlier version. */
  private readonly avroTypes = new Map<number, Type | null>();
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir === null ? null : join(dataDir, 'schema-registry.json');
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true });
      this.load();
    }
  }

  register(subject: string, input: SchemaInput): { id: number } {
    const references = readReferences(input.references);
    const parsed = this.parse(input, references);
    const versions = this.subjects.get(subject) ?? [];
    const live = versions.filter((v) => !v.deleted);
    const same = live.find((v) => this.schemas.get(v.id)!.canonical === parsed.canonical);
    if (same) return { id: same.id };
    const problem = this.compatibilityProblem(subject, parsed, live);
    if (problem !== null) throw RegistryError.incompatible(subject, problem);
    let id = this.idsByCanonical.get(parsed.canonical);
    if (id === undefined) {
      id = this.nextId++;
      const schema = input.schema as string; // validated by parse
      this.schemas.set(id, { id, schemaType: parsed.schemaType, schema, references, canonical: parsed.canonical });
      this.idsByCanonical.set(parsed.canonical, id);
    }
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    this.subjects.set(subject, [...versions, { version, id, deleted: false }]);
    this.save();
    return { id };
  }

  /** POST /subjects/{subject}: the version of this schema under the subject. */
  lookup(subject: string, input: SchemaInput): VersionView {
    const live = this.liveVersions(subject);
    const parsed = this.parse(input, readReferences(input.references));
    const match = live.find((v) => this.schemas.get(v.id)!.canonical === parsed.canonical);
    if (!match) throw RegistryError.schemaNotFound();
    return this.view(subject, match);
  }

  /** True if `input` could be registered now; against one version when given, else per the level. */
  isCompatible(subject: string, version: string | null, input: SchemaInput): boolean {
    const live = this.liveVersions(subject);
    const parsed = this.parse(input, readReferences(input.references));
    if (version === null || version === 'latest' || version === '-1') return this.compatibilityProblem(subject, parsed, live) === null;
    const target = this.findVersion(subject, version);
    const level = this.levelFor(subject);
    // One explicit version: check just that one with the non-transitive form of the level.
    const single = level.replace('_TRANSITIVE', '') as CompatibilityLevel;
    const old = this.avroOf(target.id);
    return !parsed.avro || !old || checkCompatibility(single, parsed.avro, [old]) === null;
  }

  schemaById(id: number): StoredSchema {
    const schema = this.schemas.get(id);
    if (!schema) throw RegistryError.schemaNotFound(`Schema ${id} not found`);
    return schema;
  }

  subjectVersionsForId(id: number): { subject: string; version: number }[] {
    this.schemaById(id);
    const out: { subject: string; version: number }[] = [];
    for (const [subject, versions] of this.subjects) {
      for (const v of versions) if (v.id === id && !v.deleted) out.push({ subject, version: v.version });
    }
    return out;
  }

  version(subject: string, version: string): VersionView {
    return this.view(subject, this.findVersion(subject, version));
  }

  versions(subject: string): number[] {
    return this.liveVersions(subject).map((v) => v.version);
  }

  subjectNames(): string[] {
    return [...this.subjects].filter(([, versions]) => versions.some((v) => !v.deleted)).map(([s]) => s).sort();
  }

  /** Soft delete (versions hidden, numbering kept) or, once soft-deleted, permanent removal. */
  deleteSubject(subject: string, permanent: boolean): number[] {
    const versions = this.subjects.get(subject);
    if (!versions || versions.length === 0) throw RegistryError.subjectNotFound(subject);
    const live = versions.filter((v) => !v.deleted);
    if (permanent) {
      if (live.length > 0) throw new RegistryError(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`);
      this.subjects.delete(subject);
      this.subjectLevels.delete(subject);
      this.save();
      return versions.map((v) => v.version);
    }
    if (live.length === 0) throw new RegistryError(404, 40404, `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`);
    for (const v of live) v.deleted = true;
    this.save();
    return live.map((v) => v.version);
  }

  deleteVersion(subject: string, version: string): number {
    const target = this.findVersion(subject, version);
    target.deleted = true;
    this.save();
    return target.version;
  }

  globalCompatibility(): CompatibilityLevel {
    return this.globalLevel;
  }

  setGlobalCompatibility(level: CompatibilityLevel): void {
    this.globalLevel = level;
    this.save();
  }

  /** The subject's own level, or null when it has none (GET /config/{subject} then answers 40408). */
  subjectCompatibility(subject: string): CompatibilityLevel | null {
    return this.subjectLevels.get(subject) ?? null;
  }

  setSubjectCompatibility(subject: string, level: CompatibilityLevel): void {
    this.subjectLevels.set(subject, level);
    this.save();
  }

  deleteSubjectCompatibility(subject: string): CompatibilityLevel {
    const level = this.subjectLevels.get(subject);
    if (!level) throw RegistryError.subjectNotFound(subject);
    this.subjectLevels.delete(subject);
    this.save();
    return level;
  }

  private levelFor(subject: string): CompatibilityLevel {
    return this.subjectLevels.get(subject) ?? this.globalLevel;
  }

  private parse(input: SchemaInput, references: SchemaReference[]): ParsedSchema {
    return parseSchema(input.schema, input.schemaType, references, (ref) => {
      const version = this.subjects.get(ref.subject)?.find((v) => v.version === ref.version && !v.deleted);
      if (!version) throw RegistryError.invalidSchema(`reference ${ref.name} to ${ref.subject} version ${ref.version} not found`);
      const target = this.schemas.get(version.id)!;
      return { schema: target.schema, references: target.references };
    });
  }

  private compatibilityProblem(subject: string, candidate: ParsedSchema, live: readonly SubjectVersion[]): string | null {
    if (!candidate.avro) return null;
    const existing = live.map((v) => this.avroOf(v.id)).filter((t): t is Type => t !== null);
    return checkCompatibility(this.levelFor(subject), candidate.avro, existing);
  }

  private avroOf(id: number): Type | null {
    let type = this.avroTypes.get(id);
    if (type === undefined) {
      const s = this.schemas.get(id)!;
      type = s.schemaType === 'AVRO' ? this.parse(s, s.references).avro : null;
      this.avroTypes.set(id, type);
    }
    return type;
  }

  private liveVersions(subject: string): SubjectVersion[] {
    const live = this.subjects.get(subject)?.filter((v) => !v.deleted) ?? [];
    if (live.length === 0) throw RegistryError.subjectNotFound(subject);
    return live;
  }

  private findVersion(subject: string, version: string): SubjectVersion {
    const latest = version === 'latest' || version === '-1';
    const n = Number(version);
    if (!latest && (!/^\d+$/.test(version) || n < 1 || n > 2 ** 31 - 1)) throw RegistryError.invalidVersion(version);
    const live = this.liveVersions(subject);
    const found = latest ? live[live.length - 1] : live.find((v) => v.version === n);
    if (!found) throw RegistryError.versionNotFound(version);
    return found;
  }

  private view(subject: string, v: SubjectVersion): VersionView {
    const s = this.schemas.get(v.id)!;
    return { subject, version: v.version, id: v.id, schema: s.schema, schemaType: s.schemaType, references: s.references };
  }

  private save(): void {
    if (this.file === null) return;
    const state: PersistedState = {
      nextId: this.nextId,
      globalLevel: this.globalLevel,
      schemas: [...this.schemas.values()].map(({ canonical: _canonical, ...rest }) => rest),
      subjects: Object.fromEntries(this.subjects),
      subjectLevels: Object.fromEntries(this.subjectLevels),
    };
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.file);
  }

  private load(): void {
    let state: PersistedState;
    try {
      state = JSON.parse(readFileSync(this.file!, 'utf8')) as PersistedState;
    } catch {
      return;
    }
    this.nextId = state.nextId;
    this.globalLevel = state.globalLevel;
    for (const [subject, versions] of Object.entries(state.subjects)) this.subjects.set(subject, versions);
    for (const [subject, level] of Object.entries(state.subjectLevels)) this.subjectLevels.set(subject, level);
    // Ids in order, so that a schema's references (always registered earlier) parse first.
    for (const s of [...state.schemas].sort((a, b) => a.id - b.id)) {
      const { canonical } = this.parse(s, s.references);
      this.schemas.set(s.id, { ...s, canonical });
      this.idsByCanonical.set(canonical, s.id);
    }
  }
}
