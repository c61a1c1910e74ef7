import type { Role } from '@custody/contracts';
import { ALL_ROLES } from '../../app/access.ts';

/** Narrows an actor's role string from the timeline to a known role. */
export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}
