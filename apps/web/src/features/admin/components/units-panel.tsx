import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { Unit } from '@custody/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../../../api/query-client.ts';
import { useT } from '../../../i18n/index.ts';
import {
  Button,
  DataTable,
  Dialog,
  FormProblems,
  ResourceView,
  TextField,
  required,
  useFormErrors,
  useToast,
  validate,
} from '../../../ui/index.ts';
import { createUnit, listUnits, updateUnit } from '../api.ts';

type Editing = { mode: 'create' } | { mode: 'edit'; unit: Unit } | undefined;

function UnitForm(props: { editing: Editing; onClose: () => void; onSaved: (u: Unit) => void }) {
  const t = useT();
  const unit = props.editing?.mode === 'edit' ? props.editing.unit : undefined;
  const [values, setValues] = useState({
    code: unit?.code ?? '',
    name: unit?.name ?? '',
    timeZone: unit?.timeZone ?? 'Europe/Kyiv',
  });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(t);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    const invalid = validate(t, values, {
      code: [required],
      name: [required],
      timeZone: [required],
    });
    errors.setFields(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const body = {
        code: values.code.trim(),
        name: values.name.trim(),
        timeZone: values.timeZone,
      };
      props.onSaved(unit ? await updateUnit(unit.id, body) : await createUnit(body));
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={props.editing !== undefined}
      title={unit ? `${t('form.edit')}: ${unit.name}` : t('units.create')}
      onClose={props.onClose}
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <FormProblems
          form={errors.form}
          fields={errors.fields}
          attempt={errors.attempt}
          labels={{ code: t('units.code'), name: t('units.name'), timeZone: t('units.timeZone') }}
        />
        <TextField
          label={t('units.code')}
          name="code"
          value={values.code}
          onChange={set('code')}
          error={errors.fields['code']}
        />
        <TextField
          label={t('units.name')}
          name="name"
          value={values.name}
          onChange={set('name')}
          error={errors.fields['name']}
        />
        <TextField
          label={t('units.timeZone')}
          name="timeZone"
          value={values.timeZone}
          onChange={set('timeZone')}
          error={errors.fields['timeZone']}
        />
        <div className="actions">
          <Button onClick={props.onClose}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {unit ? t('form.save') : t('form.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Police units: code, name and the time zone their deadlines are shown in. */
export function UnitsPanel(): ReactNode {
  const t = useT();
  const toast = useToast();
  const client = useQueryClient();
  const units = useQuery({ queryKey: keys.units(), queryFn: listUnits });
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.units() });
  };
  const [editing, setEditing] = useState<Editing>();
  const formKey = editing?.mode === 'edit' ? editing.unit.id : (editing?.mode ?? 'closed');

  return (
    <section>
      <div className="section-head">
        <h2>{t('admin.units')}</h2>
        <Button
          variant="primary"
          onClick={() => {
            setEditing({ mode: 'create' });
          }}
        >
          {t('units.create')}
        </Button>
      </div>
      <ResourceView query={units}>
        {(list) => (
          <DataTable
            caption={t('admin.units')}
            hideCaption
            rows={list}
            rowKey={(u) => u.id}
            empty={t('table.empty')}
            columns={[
              { key: 'code', header: t('units.code'), cell: (u) => <code>{u.code}</code> },
              { key: 'name', header: t('units.name'), cell: (u) => u.name },
              { key: 'tz', header: t('units.timeZone'), cell: (u) => u.timeZone },
              {
                key: 'actions',
                header: t('table.actions'),
                cell: (u) => (
                  <Button
                    aria-label={`${t('form.edit')}: ${u.name}`}
                    onClick={() => {
                      setEditing({ mode: 'edit', unit: u });
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
      <UnitForm
        key={formKey}
        editing={editing}
        onClose={() => {
          setEditing(undefined);
        }}
        onSaved={(u) => {
          toast(
            'success',
            t(editing?.mode === 'edit' ? 'units.saved' : 'units.created', { name: u.name }),
          );
          setEditing(undefined);
          reload();
        }}
      />
    </section>
  );
}
