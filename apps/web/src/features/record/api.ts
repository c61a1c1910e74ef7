import type {
  CommandRequest,
  CommandResult,
  OpenRecordRequest,
  RecordPlacements,
  RecordView,
  Whiteboard,
} from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/query-client.ts';

const id = encodeURIComponent;

/** One record with obligations and timeline (GET /api/v1/records/:id; every read is audited). */
export function getRecord(recordId: string): Promise<RecordView> {
  return api.get<RecordView>(`/records/${id(recordId)}`);
}

/** Opens a record at actual detention (КПК ст. 209); the server assigns the id. */
export function openRecord(body: OpenRecordRequest): Promise<CommandResult> {
  return api.post<CommandResult>('/records', body);
}

/** Sends one domain command; `expectedVersion` is the record version last seen (409 otherwise). */
export function sendCommand<C extends CommandType>(
  recordId: string,
  type: C,
  body: CommandRequest<C>,
): Promise<CommandResult> {
  return api.post<CommandResult>(`/records/${id(recordId)}/commands/${type}`, body);
}

/**
 * The unit's rooms for detainees as places for this detainee now: occupancy and the placement
 * rules a placement in each would break (the domain's check, run by the server on its occupants).
 */
export function getPlacements(recordId: string): Promise<RecordPlacements> {
  return api.get<RecordPlacements>(`/records/${id(recordId)}/placements`);
}

/** Where the detainee may be placed; asked afresh whenever a form shows it (occupancy moves). */
export const placementsQuery = (recordId: string) =>
  queryOptions({
    queryKey: keys.placements(recordId),
    queryFn: () => getPlacements(recordId),
    staleTime: 0,
  });

/** The unit's whiteboard: every active detainee with deadlines and checks. */
export function getWhiteboard(unitId: string): Promise<Whiteboard> {
  return api.get<Whiteboard>(`/units/${id(unitId)}/whiteboard`);
}

/** Server-sent events of the unit's whiteboard (the SSE id is the log index). */
export function whiteboardStreamUrl(unitId: string): string {
  return `/api/v1/units/${id(unitId)}/whiteboard/stream`;
}

/** Server-sent events of one record's timeline. */
export function recordStreamUrl(recordId: string): string {
  return `/api/v1/records/${id(recordId)}/stream`;
}

/** One record, kept fresh by its live stream (`useLiveInvalidation`) and by every command sent. */
export const recordQuery = (recordId: string) =>
  queryOptions({ queryKey: keys.record(recordId), queryFn: () => getRecord(recordId) });

/** A unit's whiteboard, kept fresh by the unit's live stream. */
export const whiteboardQuery = (unitId: string) =>
  queryOptions({ queryKey: keys.whiteboard(unitId), queryFn: () => getWhiteboard(unitId) });
