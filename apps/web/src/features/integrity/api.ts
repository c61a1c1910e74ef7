import type {
  CheckpointList,
  ConsistencyProofView,
  LatestCheckpointView,
  RecordProofs,
} from '@custody/contracts';
import { api } from '../../api/client.ts';
import { queryString } from '../oversight/api.ts';

/** Recent checkpoints, newest first (`integrity.read`); the first is the latest. */
export function recentCheckpoints(limit = 10): Promise<CheckpointList> {
  return api.get<CheckpointList>(`/integrity/checkpoints${queryString({ limit })}`);
}

/**
 * The log's published C2SP verifier key (text/plain), the trust anchor of the browser check;
 * null when this server publishes none (404 or 503).
 */
export async function publishedVkey(): Promise<string | null> {
  const response = await fetch('/api/v1/integrity/vkey', { credentials: 'same-origin' });
  if (response.status === 404 || response.status === 503) return null;
  if (!response.ok) throw new Error(`vkey: HTTP ${response.status}`);
  return (await response.text()).trim();
}

/** Everything needed to check one record in the browser; the read is logged with `reason`. */
export function recordProofs(recordId: string, reason: string | undefined): Promise<RecordProofs> {
  return api.get<RecordProofs>(
    `/records/${encodeURIComponent(recordId)}/proofs${queryString({ reason })}`,
  );
}

/** A proof that the log of `to` entries extends the log of `from` (`integrity.read`). */
export function consistencyProof(from: number, to: number): Promise<ConsistencyProofView> {
  return api.get<ConsistencyProofView>(`/integrity/proofs/consistency${queryString({ from, to })}`);
}

/**
 * The log's own c2sp.org/tlog-policy (public text): its key, its witnesses and their quorum;
 * null when the log has no witnesses (404).
 */
export async function publishedWitnessPolicy(): Promise<string | null> {
  const response = await fetch('/api/v1/integrity/witness-policy', { credentials: 'same-origin' });
  if (response.status === 404 || response.status === 503) return null;
  if (!response.ok) throw new Error(`witness policy: HTTP ${response.status}`);
  return response.text();
}

/** The latest checkpoint with the witnessed one and its consistency proof (public JSON). */
export async function latestCheckpoint(): Promise<LatestCheckpointView> {
  const response = await fetch('/api/v1/integrity/checkpoint?format=json', {
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`checkpoint: HTTP ${response.status}`);
  return (await response.json()) as LatestCheckpointView;
}
