import type { ParsedDocument, ParseProblem } from '../parse-documents.js';
import { openByteChunks } from '../open-chunks.js';
import { scanFiles, type ScanFilesOptions } from './scan-files.js';

/**
 * One file's documents projected onto `needs`, with the reference reader's lines, problems and batches (see
 * {@link scanFiles}, of which this is the one-file case): workers when it pays, this thread otherwise. Stopping
 * early terminates the workers and closes the file.
 */
export async function* readFileDocuments(
  file: string,
  needs: readonly string[],
  onProblem: (problem: ParseProblem) => void,
  options: Omit<ScanFilesOptions, 'count'> = {},
): AsyncGenerator<ParsedDocument[]> {
  const reader = scanFiles([file], needs, options);
  try {
    // Without `count` the workers send documents only.
    yield* reader.documents(0, onProblem, () => openByteChunks(file, { signal: options.signal, onBytes: options.onBytes })) as AsyncGenerator<ParsedDocument[]>;
  } finally {
    await reader.close();
  }
}
