import type { ReactNode } from 'react';
import { useT } from '../../../i18n/index.ts';
import { CheckpointsSection } from '../../integrity/components/checkpoints-section.tsx';
import { useOversightT } from '../../oversight/i18n/index.ts';

/**
 * The log's public key and recent checkpoints (issue 6 point 8), so that an administrator can
 * hand the verifier key and signed notes to auditors and witnesses outside the system.
 */
export function IntegrityPanel(): ReactNode {
  const t = useT();
  const ot = useOversightT();
  return (
    <section aria-labelledby="admin-integrity">
      <h2 id="admin-integrity">{t('admin.integrity')}</h2>
      <p className="integrity-hint">{ot('integrity.adminIntro')}</p>
      <CheckpointsSection headingLevel={3} />
    </section>
  );
}
