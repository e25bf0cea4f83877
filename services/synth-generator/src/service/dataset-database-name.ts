import { MAX_IDENTIFIER_BYTES } from '@shadowtune/shared/sql/quote-identifier';

const ID_CHARACTERS = 16;

/** `<shadow>_ds_`, the shadow's name shortened so that 16 id characters still fit in 63 bytes. */
export function datasetDatabasePrefix(shadowDatabase: string): string {
  let base = shadowDatabase;
  while (Buffer.byteLength(`${base}_ds_`) + ID_CHARACTERS > MAX_IDENTIFIER_BYTES) base = Array.from(base).slice(0, -1).join('');
  return `${base}_ds_`;
}

/** `<shadow>_ds_<16 characters of the dataset id>`: the database a dataset is loaded into. */
export function datasetDatabaseName(shadowDatabase: string, datasetId: string): string {
  return datasetDatabasePrefix(shadowDatabase) + datasetId.replace(/^ds_/, '').replace(/[^0-9a-z]/gi, '').slice(0, ID_CHARACTERS).padEnd(ID_CHARACTERS, '0');
}

/** LIKE pattern (backslash escapes, PostgreSQL's default) matching every dataset database of a shadow database. */
export function datasetDatabasesPattern(shadowDatabase: string): string {
  return `${datasetDatabasePrefix(shadowDatabase).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
