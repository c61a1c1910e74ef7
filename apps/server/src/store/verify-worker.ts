import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { packBatch, transferList } from './verify-facts.ts';
import { sqliteExaminer } from './verify-rows.ts';
import { packSegment, segmentOf, segmentTransferList } from './verify-segment.ts';

/**
 * A verification worker (verify-pool.ts, started by verify-worker.cjs): for each range of log
 * indexes it is sent, reads the leaf rows and the stored nodes they complete from its own
 * read-only connection to the SQLite file and examines each row alone (`examineLeaf`, the
 * function the verifying thread runs itself on a batch no worker took). A clean run is checked
 * further here (`segmentOf`: stream chains within it, its subtrees' nodes) and posted as one
 * segment; any other is posted as the facts of each row, for the verifying thread to check row
 * by row. The stored nodes go back either way, packed.
 */
export interface VerifyWorkerData {
  file: string;
  tombstones: number[];
}

export interface VerifyWorkerTask {
  seq: number;
  from: number;
  to: number;
}

const port = parentPort;
if (port === null) throw new Error('verify-worker.ts runs as a worker thread');
const data = workerData as VerifyWorkerData;
const db = new BetterSqlite3(data.file, { readonly: true, fileMustExist: true });
const examine = sqliteExaminer(db, new Set(data.tombstones));

port.postMessage('ready');
port.on('message', (task: VerifyWorkerTask) => {
  void examine(task.from, task.to).then((batch) => {
    const segment = segmentOf(batch.from, batch.to, batch.facts, batch.nodes);
    if (segment === null) {
      const packed = packBatch(task.seq, batch);
      port.postMessage(packed, transferList(packed));
      return;
    }
    const packed = packSegment(task.seq, segment, batch.nodes);
    port.postMessage(packed, segmentTransferList(packed));
  });
});
