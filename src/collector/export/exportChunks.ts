import type { EventFilter, EventStore } from '../store';
import { csvCell } from './csvCell';
import { EXPORT_COLUMNS, toExportRow } from './exportColumns';

/** Export formats: CSV for spreadsheets, NDJSON (one event per line, exactly as accepted) for pipelines. */
export type ExportFormat = 'csv' | 'ndjson';

/**
 * The export as text chunks, one per page the store reads, so a consumer that pulls them one at a time
 * (a stream with backpressure) holds one page in memory whatever the table's size.
 */
export async function* exportChunks(store: EventStore, filter: EventFilter, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\r\n`;
  for await (const page of store.scan(filter)) {
    let chunk = '';
    if (format === 'csv') for (const event of page) chunk += `${toExportRow(event).map(csvCell).join(',')}\r\n`;
    else for (const event of page) chunk += `${JSON.stringify(event.body)}\n`;
    yield chunk;
  }
}
