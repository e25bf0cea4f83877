import type { ParameterProfile, QuerySignature } from '@shadowtune/shared/contracts/generated-types';

export interface ParameterProfileStore {
  /** Keeps the latest parameter profiles of a signature's fingerprint. */
  remember(signature: QuerySignature): void;
  profilesFor(fingerprint: string): readonly ParameterProfile[];
}

/** The latest parameter profiles per fingerprint, the least recently updated forgotten beyond `capacity`. */
export function createParameterProfileStore(capacity: number): ParameterProfileStore {
  const profiles = new Map<string, readonly ParameterProfile[]>();
  return {
    remember(signature) {
      if (signature.parameters.length === 0) return;
      profiles.delete(signature.fingerprint);
      profiles.set(signature.fingerprint, signature.parameters);
      if (profiles.size > capacity) {
        const oldest = profiles.keys().next().value;
        if (oldest !== undefined) profiles.delete(oldest);
      }
    },
    profilesFor: (fingerprint) => profiles.get(fingerprint) ?? [],
  };
}
