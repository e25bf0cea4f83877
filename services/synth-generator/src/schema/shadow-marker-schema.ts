/** Schema in the shadow holding shadowtune's own bookkeeping (schema sync state); never replicated or filled. */
export const SHADOW_MARKER_SCHEMA = 'shadowtune_shadow';
