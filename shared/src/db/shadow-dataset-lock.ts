/**
 * The shadow holds one synthetic dataset at a time. The synth-generator takes this
 * advisory lock exclusively while it replaces the dataset; the bench-runner takes it
 * shared while it measures, so the data cannot change under a measurement.
 */
export const SHADOW_DATASET_LOCK_KEY = 7_301_914_301;
