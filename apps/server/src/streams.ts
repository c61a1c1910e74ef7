/**
 * The names of the log's streams, in one place: a custody record's own stream, its read audit,
 * and a unit's policy. The live bus, the integrity routes and the exports tell them apart here.
 */

const ACCESS_PREFIX = 'access:';
const UNIT_POLICY_PREFIX = 'unit-policy:';

/** The stream of a custody record is named by the record id (as in the verifiable extract). */
export const recordStream = (recordId: string): string => recordId;

/** The stream of the read audit of one record: as tamper-evident as the record (domain.md §5). */
export const accessStream = (recordId: string): string => `${ACCESS_PREFIX}${recordId}`;

/** Whether a stream is a record's read audit (not a custody record). */
export const isAccessStream = (streamId: string): boolean => streamId.startsWith(ACCESS_PREFIX);

/** The custody record a stream belongs to: the record's own stream or its read audit. */
export const recordOfStream = (streamId: string): string =>
  isAccessStream(streamId) ? streamId.slice(ACCESS_PREFIX.length) : streamId;

/** The log stream of one unit's policy: each change is an entry of it. */
export const unitPolicyStream = (unitId: string): string => `${UNIT_POLICY_PREFIX}${unitId}`;

/** Whether a stream is a unit's policy (not a custody record). */
export const isUnitPolicyStream = (streamId: string): boolean =>
  streamId.startsWith(UNIT_POLICY_PREFIX);
