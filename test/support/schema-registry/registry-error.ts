/**
 * An error answered as Confluent does: HTTP status plus `{error_code, message}`. The client
 * library keys its behaviour on both (404 on GET /config/{subject} means "first registration").
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }

  static subjectNotFound(subject: string): RegistryError {
    return new RegistryError(404, 40401, `Subject '${subject}' not found.`);
  }

  static versionNotFound(version: string | number): RegistryError {
    return new RegistryError(404, 40402, `Version ${version} not found.`);
  }

  static schemaNotFound(detail = 'Schema not found'): RegistryError {
    return new RegistryError(404, 40403, detail);
  }

  static subjectConfigNotFound(subject: string): RegistryError {
    return new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
  }

  static incompatible(subject: string, detail: string): RegistryError {
    return new RegistryError(409, 409, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: ${detail}`);
  }

  static invalidSchema(detail: string): RegistryError {
    return new RegistryError(422, 42201, `Invalid schema: ${detail}`);
  }

  static invalidVersion(version: string): RegistryError {
    return new RegistryError(422, 42202, `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
  }

  static invalidCompatibilityLevel(level: unknown): RegistryError {
    return new RegistryError(422, 42203, `Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive, got ${JSON.stringify(level)}`);
  }
}
