import 'fake-indexeddb/auto';
import type { DeviceView, EnrolDeviceRequest, SessionUser } from '@custody/contracts';
import { describe, expect, test } from 'vitest';
import { enrolTablet } from './enrol.ts';
import { Outbox } from './outbox.ts';
import { checkVerifier } from './unlock.ts';

const user = {
  id: 'u1',
  username: 'taras',
  displayName: 'Тарас',
  role: 'detaining_officer',
  unitId: 'unit-1',
} as unknown as SessionUser;

const PASSWORD = 'correct horse battery staple';
let n = 0;

/** A server that checks the password as POST /api/v1/devices does, keeping what it was sent. */
function server() {
  const sent: EnrolDeviceRequest[] = [];
  return {
    sent,
    register: (body: EnrolDeviceRequest): Promise<DeviceView> => {
      sent.push(body);
      if (body.password !== PASSWORD) return Promise.reject(new Error('403 wrong_password'));
      return Promise.resolve({
        deviceId: body.deviceId,
        enrolledAt: '2026-03-01T10:00:00.000Z',
      } as DeviceView);
    },
  };
}

describe('enrolment keeps the unlock hash of the password the server checked', () => {
  test('an officer who signed in before enrolling can open the tablet offline with that password', async () => {
    n += 1;
    const outbox = await Outbox.open(`enrol-test-${String(n)}`);
    const s = server();
    await enrolTablet(
      outbox,
      user,
      { name: '  Chromium · Linux  ', password: PASSWORD },
      { register: s.register, iterations: 1_000, lockAfterSeconds: 300 },
    );
    expect(s.sent[0]).toMatchObject({ name: 'Chromium · Linux', password: PASSWORD });
    expect((await outbox.device())?.deviceId).toBe(s.sent[0]?.deviceId);
    const kept = await outbox.offlineSession(3_600_000);
    expect(kept?.user.id).toBe('u1');
    expect(kept?.lockAfterSeconds).toBe(300);
    const verifier = kept?.verifier;
    expect(verifier).toBeDefined();
    if (verifier === undefined) return;
    expect(await checkVerifier(verifier, PASSWORD)).toBe(true);
    expect(await checkVerifier(verifier, 'another')).toBe(false);
    expect(JSON.stringify(kept)).not.toContain(PASSWORD);
    outbox.close();
  });

  test('a password the server refuses keeps nothing: no device, no session, no hash', async () => {
    n += 1;
    const outbox = await Outbox.open(`enrol-test-${String(n)}`);
    const s = server();
    await expect(
      enrolTablet(
        outbox,
        user,
        { name: 'Планшет', password: 'wrong' },
        { register: s.register, iterations: 1_000 },
      ),
    ).rejects.toThrow('wrong_password');
    expect(await outbox.device()).toBeUndefined();
    expect(await outbox.offlineSession(3_600_000)).toBeUndefined();
    outbox.close();
  });
});
