import type { ReactNode } from 'react';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { CheckpointsSection } from './checkpoints-section.tsx';
import { WitnessStatus } from './witness-status.tsx';
import '../../oversight/oversight.css';

/** The integrity screen (issue 6 point 9): what the log has signed, for anyone signed in. */
export default function IntegrityScreen(): ReactNode {
  const ot = useOversightT();
  return (
    <>
      <h1>{ot('integrity.title')}</h1>
      <p className="muted">{ot('integrity.intro')}</p>
      <CheckpointsSection />
      <WitnessStatus />
    </>
  );
}
