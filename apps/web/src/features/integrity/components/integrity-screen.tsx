import type { ReactNode } from 'react';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { CheckpointsSection } from './checkpoints-section.tsx';
import { LogStatusPanel } from './log-status-panel.tsx';
import { WitnessStatus } from './witness-status.tsx';
import '../../oversight/oversight.css';

/**
 * The integrity screen (issue 6 point 9, issue 15 point 7), for anyone signed in: first the plain
 * status of the log (`LogStatusPanel`) and of its witnesses (`WitnessStatus`), then the details an
 * auditor keeps (key, checkpoints, signed notes).
 */
export default function IntegrityScreen(): ReactNode {
  const ot = useOversightT();
  return (
    <>
      <h1>{ot('integrity.title')}</h1>
      <LogStatusPanel />
      <WitnessStatus />
      <h2 className="integrity-details-heading">{ot('logStatus.details')}</h2>
      <p className="muted">{ot('logStatus.detailsIntro')}</p>
      <CheckpointsSection headingLevel={3} />
    </>
  );
}
