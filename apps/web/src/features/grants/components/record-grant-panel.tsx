import { useState } from 'react';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useUser } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';
import { Button, ResourceView, useToast } from '../../../ui/index.ts';
import { listGrantees } from '../api.ts';
import { GrantForm } from './grant-form.tsx';

/** The grant form for one record, once the people a grant can name have been read. */
function RecordGrantDialog(props: {
  record: { id: string; label: string };
  timeZone: string;
  onDone: (created: boolean) => void;
}): ReactNode {
  const grantees = useQuery({ queryKey: keys.grantees(), queryFn: listGrantees });
  return (
    <ResourceView query={grantees}>
      {(list) => (
        <GrantForm
          open
          units={[]}
          grantees={list}
          timeZone={props.timeZone}
          record={props.record}
          onClose={() => {
            props.onDone(false);
          }}
          onCreated={() => {
            props.onDone(true);
          }}
        />
      )}
    </ResourceView>
  );
}

/**
 * On a record's page, for those who may grant on its unit (HQ, and the unit's own supervisor;
 * the server decides): time-boxed access to this one record for a defence lawyer or a monitor
 * (domain.md §2, §5), without typing the record's identifier on the grants screen.
 */
export function RecordGrantPanel(props: {
  recordId: string;
  unitId: string;
  personName: string;
  timeZone: string;
}): ReactNode {
  const t = useT();
  const user = useUser();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const mayGrant =
    user.role === 'hq' || (user.role === 'supervisor' && user.unitId === props.unitId);
  if (!mayGrant) return null;
  return (
    <section className="panel" aria-labelledby="record-grant-title">
      <h2 id="record-grant-title">{t('grants.recordPanel')}</h2>
      <Button
        onClick={() => {
          setOpen(true);
        }}
      >
        {t('grants.forRecord')}
      </Button>
      {open && (
        <RecordGrantDialog
          record={{ id: props.recordId, label: props.personName }}
          timeZone={props.timeZone}
          onDone={(created) => {
            setOpen(false);
            if (created) toast('success', t('grants.created'));
          }}
        />
      )}
    </section>
  );
}
