import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { Room, RoomKind } from '@custody/contracts';
import { useT, type MessageKey } from '../../../i18n/index.ts';
import {
  Button,
  Dialog,
  FormProblems,
  SelectField,
  TextField,
  pattern,
  required,
  useFormErrors,
  validate,
} from '../../../ui/index.ts';
import { createRoom, updateRoom } from '../api.ts';

export const ROOM_KIND_LABEL: Record<RoomKind, MessageKey> = {
  cell: 'rooms.kind.cell',
  interview: 'rooms.kind.interview',
  medical: 'rooms.kind.medical',
  zone: 'rooms.kind.zone',
  other: 'rooms.kind.other',
};

const KINDS = Object.keys(ROOM_KIND_LABEL) as RoomKind[];

export type RoomEditing = { mode: 'create' } | { mode: 'edit'; room: Room } | undefined;

/** Creates or edits a room or cell; a room taken out of use is marked inactive, never deleted. */
export function RoomForm(props: {
  unitId: string;
  editing: RoomEditing;
  onClose: () => void;
  onSaved: (room: Room) => void;
}): ReactNode {
  const t = useT();
  const room = props.editing?.mode === 'edit' ? props.editing.room : undefined;
  const [values, setValues] = useState({
    name: room?.name ?? '',
    kind: room?.kind ?? 'cell',
    capacity: String(room?.capacity ?? 1),
    active: room?.active === false ? 'no' : 'yes',
  });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, values, {
      name: [required],
      capacity: [required, pattern(/^\d{1,4}$/)],
    });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    const body = {
      name: values.name.trim(),
      kind: values.kind,
      capacity: Number(values.capacity),
    };
    try {
      props.onSaved(
        room
          ? await updateRoom(room.id, { ...body, active: values.active === 'yes' })
          : await createRoom(props.unitId, body),
      );
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={props.editing !== undefined}
      title={room ? `${t('form.edit')}: ${room.name}` : t('rooms.create')}
      onClose={props.onClose}
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{
            name: t('rooms.name'),
            kind: t('rooms.kind'),
            capacity: t('rooms.capacity'),
            active: t('users.status'),
          }}
        />
        <TextField
          label={t('rooms.name')}
          name="name"
          value={values.name}
          onChange={set('name')}
          error={errors.fields['name']}
        />
        <SelectField
          label={t('rooms.kind')}
          name="kind"
          value={values.kind}
          onChange={set('kind')}
          options={KINDS.map((k) => ({ value: k, label: t(ROOM_KIND_LABEL[k]) }))}
          error={errors.fields['kind']}
        />
        <TextField
          label={t('rooms.capacity')}
          name="capacity"
          inputMode="numeric"
          value={values.capacity}
          onChange={set('capacity')}
          error={errors.fields['capacity']}
        />
        {room && (
          <SelectField
            label={t('users.status')}
            name="active"
            value={values.active}
            onChange={set('active')}
            options={[
              { value: 'yes', label: t('users.active') },
              { value: 'no', label: t('users.disabled') },
            ]}
          />
        )}
        <div className="actions">
          <Button onClick={props.onClose}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {room ? t('form.save') : t('form.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
