import type { ReactNode } from 'react';
import type { Room } from '@custody/contracts';
import {
  OBSERVATION_LEVELS,
  bodyRegion,
  notificationMethod,
  type ObservationLevel,
} from '@custody/domain';
import { useT } from '../../../i18n/index.ts';
import { SelectField, TextField } from '../../../ui/index.ts';
import { TextArea, Toggle } from '../../record/components/fields.tsx';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import type { RegistrationValues, StepId } from '../steps.ts';

export type Bind = <K extends keyof RegistrationValues>(
  key: K,
) => { value: RegistrationValues[K]; set: (value: RegistrationValues[K]) => void };

/** The fields of one registration step (domain.md §3.2-3.10); notifications have their own panel. */
export function StepFields(props: {
  step: Exclude<StepId, 'notifications'>;
  bind: Bind;
  errors: Readonly<Record<string, string>>;
  rooms: readonly Room[];
}): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { bind, errors } = props;
  const text = (key: keyof RegistrationValues, label: string, required = false) => {
    const b = bind(key);
    return (
      <TextField
        label={label}
        name={key}
        required={required}
        hint={required ? undefined : t('form.optional')}
        value={String(b.value)}
        error={errors[key]}
        onChange={(e) => {
          (b.set as (v: string) => void)(e.target.value);
        }}
      />
    );
  };
  const area = (key: keyof RegistrationValues, label: string, hint?: string) => {
    const b = bind(key);
    return (
      <TextArea
        label={label}
        name={key}
        hint={hint}
        value={String(b.value)}
        error={errors[key]}
        onChange={(v) => {
          (b.set as (v: string) => void)(v);
        }}
      />
    );
  };
  const toggle = (key: keyof RegistrationValues, label: string) => {
    const b = bind(key);
    return (
      <Toggle
        label={label}
        name={key}
        checked={b.value === true}
        onChange={(v) => {
          (b.set as (v: boolean) => void)(v);
        }}
      />
    );
  };
  switch (props.step) {
    case 'delivery':
      return area('delayExplanation', dt('reg.delayExplanation'), dt('reg.delayHint'));
    case 'identity':
      return (
        <>
          {text('custodyNumber', dt('reg.custodyNumber'), true)}
          {toggle('assignMe', dt('reg.assignMe'))}
        </>
      );
    case 'rights':
      return (
        <>
          {text('rightsLanguage', dt('reg.rightsLanguage'), true)}
          {text('interpreter', dt('reg.interpreter'))}
          {toggle('noticeHanded', dt('reg.noticeHanded'))}
          {toggle('rightsSigned', dt('common.signed'))}
          {!bind('rightsSigned').value && area('rightsRefusal', dt('common.refusalReason'))}
        </>
      );
    case 'health':
      return (
        <>
          {toggle('noInjuries', dt('reg.health.noInjuries'))}
          {!bind('noInjuries').value && (
            <>
              <SelectField
                label={dt('reg.health.region')}
                name="injuryRegion"
                value={bind('injuryRegion').value}
                options={bodyRegion.options.map((r) => ({ value: r, label: dt(`region.${r}`) }))}
                onChange={(e) => {
                  bind('injuryRegion').set(e.target.value);
                }}
              />
              {area('injuryDescription', dt('reg.health.injury'))}
              {area('injuryExplanation', dt('reg.health.explanation'))}
            </>
          )}
          {toggle('intoxicated', dt('reg.health.intoxicated'))}
          {bind('intoxicated').value && area('intoxicationSigns', dt('reg.health.signs'))}
        </>
      );
    case 'property':
      return (
        <>
          {area('propertyItems', dt('reg.property.items'), dt('reg.property.itemsHint'))}
          {text('propertySeal', dt('reg.property.seal'))}
          {toggle('propertySigned', dt('common.signed'))}
          {!bind('propertySigned').value && area('propertyRefusal', dt('common.refusalReason'))}
        </>
      );
    case 'risk':
      return (
        <>
          {toggle('atRisk', dt('reg.risk.atRisk'))}
          {text('riskFactors', dt('reg.risk.factors'))}
          {area('riskSummary', dt('reg.risk.summary'))}
          <SelectField
            label={dt('reg.risk.level')}
            hint={dt('reg.risk.levelHint')}
            name="observationLevel"
            value={bind('observationLevel').value}
            options={OBSERVATION_LEVELS.map((l) => ({ value: l, label: dt(`observation.${l}`) }))}
            onChange={(e) => {
              bind('observationLevel').set(e.target.value as ObservationLevel);
            }}
          />
        </>
      );
    case 'cell': {
      const cells = props.rooms.filter((r) => r.kind === 'cell');
      if (cells.length === 0) return <p>{dt('reg.cell.none')}</p>;
      return (
        <>
          <SelectField
            label={dt('reg.cell.cell')}
            name="cellId"
            value={bind('cellId').value}
            error={errors['to.description']}
            options={[
              { value: '', label: '—' },
              ...cells.map((r) => ({ value: r.id, label: r.name })),
            ]}
            onChange={(e) => {
              bind('cellId').set(e.target.value);
            }}
          />
          {text('cellPurpose', dt('reg.cell.purpose'), true)}
        </>
      );
    }
  }
}

/** The methods of notification, for the notifications panel. */
export const METHODS = notificationMethod.options;
