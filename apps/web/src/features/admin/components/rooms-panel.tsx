import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Room, Unit } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useT } from '../../../i18n/index.ts';
import { Button, DataTable, ResourceView, SelectField, useToast } from '../../../ui/index.ts';
import { listRooms, listUnits } from '../api.ts';
import { ROOM_KIND_LABEL, RoomForm, type RoomEditing } from './room-form.tsx';

function UnitRooms(props: { unit: Unit }): ReactNode {
  const t = useT();
  const toast = useToast();
  const client = useQueryClient();
  const rooms = useQuery({
    queryKey: keys.rooms(props.unit.id),
    queryFn: () => listRooms(props.unit.id),
  });
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.rooms(props.unit.id) });
  };
  const [editing, setEditing] = useState<RoomEditing>();
  const formKey = editing?.mode === 'edit' ? editing.room.id : (editing?.mode ?? 'closed');
  return (
    <>
      <div className="section-head">
        <h3>{props.unit.name}</h3>
        <Button
          variant="primary"
          onClick={() => {
            setEditing({ mode: 'create' });
          }}
        >
          {t('rooms.create')}
        </Button>
      </div>
      <ResourceView query={rooms}>
        {(list) => (
          <DataTable<Room>
            caption={`${t('admin.rooms')}: ${props.unit.name}`}
            hideCaption
            rows={list}
            rowKey={(r) => r.id}
            empty={t('table.empty')}
            columns={[
              { key: 'name', header: t('rooms.name'), cell: (r) => r.name },
              { key: 'kind', header: t('rooms.kind'), cell: (r) => t(ROOM_KIND_LABEL[r.kind]) },
              { key: 'cap', header: t('rooms.capacity'), cell: (r) => r.capacity, numeric: true },
              {
                key: 'state',
                header: t('users.status'),
                cell: (r) => (r.active ? t('users.active') : t('users.disabled')),
              },
              {
                key: 'actions',
                header: t('table.actions'),
                cell: (r) => (
                  <Button
                    aria-label={`${t('form.edit')}: ${r.name}`}
                    onClick={() => {
                      setEditing({ mode: 'edit', room: r });
                    }}
                  >
                    {t('form.edit')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </ResourceView>
      <RoomForm
        key={formKey}
        unitId={props.unit.id}
        editing={editing}
        onClose={() => {
          setEditing(undefined);
        }}
        onSaved={(room) => {
          const key = editing?.mode === 'edit' ? 'rooms.saved' : 'rooms.created';
          toast('success', t(key, { name: room.name }));
          setEditing(undefined);
          reload();
        }}
      />
    </>
  );
}

/** Rooms and cells of a chosen unit: the places a detainee can be (domain.md §3.10). */
export function RoomsPanel(): ReactNode {
  const t = useT();
  const units = useQuery({ queryKey: keys.units(), queryFn: listUnits });
  const [unitId, setUnitId] = useState('');
  return (
    <section>
      <h2>{t('admin.rooms')}</h2>
      <ResourceView query={units}>
        {(list) => {
          const unit =
            list.find((u) => u.id === unitId) ?? (list.length === 1 ? list[0] : undefined);
          return (
            <>
              <div className="narrow">
                <SelectField
                  label={t('rooms.unit')}
                  name="unit"
                  value={unit?.id ?? ''}
                  onValue={setUnitId}
                  options={[
                    { value: '', label: '—' },
                    ...list.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
                  ]}
                />
              </div>
              {unit ? <UnitRooms key={unit.id} unit={unit} /> : <p>{t('rooms.pickUnit')}</p>}
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}
