import { z } from 'zod';

const isoInstant = z.iso.datetime({ offset: false }).describe('ISO-8601 UTC instant with Z');
const uuid = z.uuid().describe('UUID');
const hex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('64 lower-case hex digits (SHA-256)');
const base64 = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .describe('base64');

/** `GET /api/v1/time`: the server clock, for the NTP-style offset of a device (RFC 5905 §8). */
export const ServerTime = z.object({
  serverTime: isoInstant,
  epochMs: z.int().describe('milliseconds since 1970-01-01T00:00:00Z'),
});
export type ServerTime = z.infer<typeof ServerTime>;

/** Signature algorithms of device keys: WebCrypto Ed25519, or ECDSA P-256 with SHA-256 where it is missing. */
export const DeviceAlgorithm = z.enum(['Ed25519', 'ECDSA-P256']);
export type DeviceAlgorithm = z.infer<typeof DeviceAlgorithm>;

/** `POST /api/v1/devices`: a signed-in officer enrols a tablet's public key. */
/** The longest name an officer gives a tablet ("Chromium · Linux", "Планшет 3 екіпажу"). */
export const DEVICE_NAME_MAX = 60;

export const EnrolDeviceRequest = z.strictObject({
  deviceId: uuid,
  /** What the supervisor's Tablets screen calls it; given by the officer, not the user agent. */
  name: z.string().trim().min(1).max(DEVICE_NAME_MAX),
  algorithm: DeviceAlgorithm,
  publicKey: base64.describe('SubjectPublicKeyInfo (DER), base64'),
  /**
   * The officer's password, checked by the server as at sign-in (throttled alike), so that the
   * tablet keeps its offline unlock hash from a password known to be right. Never stored.
   */
  password: z.string().min(1).max(1000),
});
export type EnrolDeviceRequest = z.infer<typeof EnrolDeviceRequest>;

/** `POST /api/v1/devices/:id/revoke`. */
export const RevokeDeviceRequest = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});

/** An entry received out of its device's chain: after a gap, or a fork (see `DeviceChain`). */
export const DeviceBreak = z.object({
  entryId: uuid,
  seq: z.int().nonnegative(),
  chain: z.enum(['gap', 'fork']),
  /** The record the entry was for: the record shows the break too. */
  recordId: z.string(),
  receivedAt: isoInstant,
  /** The log index of the device leaf that keeps the entry's signed bytes. */
  logIndex: z.int().nonnegative(),
});
export type DeviceBreak = z.infer<typeof DeviceBreak>;

/** A device as its officer, the unit's supervisor and administrators see it. */
export const DeviceView = z.object({
  deviceId: uuid,
  name: z.string(),
  unitId: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  algorithm: DeviceAlgorithm,
  enrolledAt: isoInstant,
  enrolLogIndex: z.int().nonnegative(),
  revokedAt: isoInstant.nullable(),
  revokeLogIndex: z.int().nonnegative().nullable(),
  lastSeq: z.int().nonnegative(),
  lastSyncAt: isoInstant.nullable(),
  /** Entries received after a missing sequence number (a gap in the device chain). */
  gaps: z.int().nonnegative(),
  /** Entries whose previous hash or sequence contradicts an entry already received (a fork). */
  forks: z.int().nonnegative(),
  /** Entries the server received from it (accepted or refused), each a leaf of its stream. */
  entries: z.int().nonnegative(),
  /** Its entries received after a gap or as a fork, in device order (the supervisor's dashboard). */
  breaks: z.array(DeviceBreak),
});
export type DeviceView = z.infer<typeof DeviceView>;
export const DeviceList = z.object({ items: z.array(DeviceView) });
export type DeviceList = z.infer<typeof DeviceList>;

/** The commands a device may record offline (issue 19 "Field entries offline"). */
export const FIELD_COMMANDS = [
  'RecordDetention',
  'MoveDetainee',
  'RecordDelivery',
  'RecordForceUsed',
  'RecordProperty',
  'BookmarkCamera',
] as const;
export const FieldCommand = z.enum(FIELD_COMMANDS);
export type FieldCommand = z.infer<typeof FieldCommand>;

/**
 * What a device signs: the RFC 8785 canonical JSON of this object, UTF-8. The server stores those
 * bytes as they came and never re-serialises them. `prevHash` is the SHA-256 of the previous
 * entry's signed bytes (null for the device's first), `offsetMs` the latest measured offset
 * (server minus device clock) and `deviceTime` the device clock when the entry was saved.
 */
export const DeviceEntryBody = z.strictObject({
  v: z.literal(1),
  entryId: uuid,
  deviceId: uuid,
  seq: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  prevHash: hex64.nullable(),
  deviceTime: isoInstant,
  offsetMs: z.int().nullable(),
  offsetErrorMs: z.int().nonnegative().nullable(),
  offsetMeasuredAt: isoInstant.nullable(),
  actorId: z.string().min(1).max(100),
  command: z.strictObject({
    type: FieldCommand,
    recordId: uuid,
    occurredAt: isoInstant,
    payload: z.record(z.string(), z.unknown()),
  }),
});
export type DeviceEntryBody = z.infer<typeof DeviceEntryBody>;

/** One signed entry as sent: the exact signed text and the signature over its UTF-8 bytes. */
export const SignedDeviceEntry = z.strictObject({
  signed: z.string().min(2).max(64_000),
  signature: base64,
});
export type SignedDeviceEntry = z.infer<typeof SignedDeviceEntry>;

/** `POST /api/v1/devices/:id/entries`: entries in device order. */
export const DeviceSyncRequest = z.strictObject({
  entries: z.array(SignedDeviceEntry).min(1).max(100),
});
export type DeviceSyncRequest = z.infer<typeof DeviceSyncRequest>;

/** Where an entry stands in its device's chain: next in order, after a gap, or a fork. */
export const DeviceChain = z.enum(['ok', 'gap', 'fork']);
export type DeviceChain = z.infer<typeof DeviceChain>;

/** The answer for one entry; a repeated entry gets its first answer. */
export const DeviceEntryResult = z.object({
  entryId: uuid,
  seq: z.int(),
  status: z.enum(['accepted', 'refused']),
  chain: DeviceChain,
  /** The leaf of the device's stream that holds the signed bytes. */
  logIndex: z.int().nonnegative(),
  receivedAt: isoInstant,
  recordId: z.string(),
  /** The record's entries made from it (empty when refused). */
  recordLogIndexes: z.array(z.int().nonnegative()),
  /** Judged against the device time corrected by the offset, not the receive time. */
  late: z.boolean(),
  problem: z.object({ code: z.string(), detail: z.string() }).nullable(),
});
export type DeviceEntryResult = z.infer<typeof DeviceEntryResult>;
export const DeviceSyncResult = z.object({ results: z.array(DeviceEntryResult) });
export type DeviceSyncResult = z.infer<typeof DeviceSyncResult>;

/** What the record shows of an entry made on a device: both clocks and the offset between. */
export const DeviceStamp = z.object({
  deviceId: z.string(),
  seq: z.int(),
  deviceTime: isoInstant,
  offsetMs: z.int().nullable(),
  /** Device time plus offset: the server-clock estimate of when the device saved the entry. */
  correctedTime: isoInstant,
  receivedAt: isoInstant,
  chain: DeviceChain,
  /**
   * The log index of the device stream's leaf that keeps the exact bytes the device signed, its
   * signature and the chain verdict (the device's public key is its stream's first leaf).
   */
  deviceLogIndex: z.int().nonnegative().optional(),
});
export type DeviceStamp = z.infer<typeof DeviceStamp>;
