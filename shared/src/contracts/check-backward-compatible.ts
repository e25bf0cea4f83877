import avro from 'avsc';

/**
 * BACKWARD compatibility as the Schema Registry checks it: a consumer using `reader` can
 * read every record written with `writer`. Returns null when compatible, else the reason.
 */
export function checkBackwardCompatible(reader: unknown, writer: unknown): string | null {
  const readerType = avro.Type.forSchema(reader as avro.Schema);
  const writerType = avro.Type.forSchema(writer as avro.Schema);
  try {
    readerType.createResolver(writerType);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
