import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { FILE_NAME, writeDataset } from './dataset.js';
import { specs } from './specs.js';

specs('files (NDJSON)', async (dataset) => {
  const written = await writeDataset(dataset);
  const source = createFileSource({ id: 'files', paths: [FILE_NAME], baseDir: written.dir, mapping: resolveMapping('userale') });
  return { source, close: written.remove };
});
