import type { ReactNode } from 'react';
import { TokensPanel } from './tokens-panel.tsx';

/**
 * A person's own API tokens, outside administration: unit staff and HQ issue tokens within what
 * they may do themselves (a camera system's records:commands token from a duty or custody
 * inspector, a supervisor's for martial-law conditions and corrections), list and revoke them.
 */
export default function TokensScreen(): ReactNode {
  return <TokensPanel standalone />;
}
