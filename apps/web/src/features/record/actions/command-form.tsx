import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { FormProvider, useForm, type FieldErrors } from 'react-hook-form';
import { z } from 'zod';
import type { RecordView, Whiteboard } from '@custody/contracts';
import { commandSchemas, type CommandType } from '@custody/domain';
import { ApiError } from '../../../api/client.ts';
import { keys } from '../../../api/query-client.ts';
import { serverNow } from '../../offline/clock-offset.ts';
import { isFieldCommand } from '../../offline/field-commands.ts';
import { useOffline } from '../../offline/offline-context.tsx';
import { useLocale, useT, type TFunction } from '../../../i18n/index.ts';
import { Button, Dialog, ErrorSummary, useToast, type SummaryItem } from '../../../ui/index.ts';
import { sendCommand } from '../api.ts';
import { OccurredAtField } from '../components/occurred-at-field.tsx';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { describeRefusal, refusalField } from '../refusal.ts';
import { fromLocalInput, rezoneLocalInput, toLocalInput } from '../time.ts';
import { ActionField, firstMessage, specLabel } from './action-fields.tsx';
import type { Preset } from './action.ts';
import { atPath, fieldId, type FieldSpec, type FormContext } from './field-spec.ts';

type Values = { occurredAt: string; payload: unknown };

/** zod's issues in the interface language: a missing value is "required", anything else "check". */
export function issueMessage(t: TFunction) {
  return (issue: { code: string; minimum?: unknown; input?: unknown }): string =>
    issue.input === undefined ||
    issue.code === 'invalid_union' ||
    (issue.code === 'too_small' && issue.minimum === 1)
      ? t('form.required')
      : t('form.invalid');
}

/**
 * The form's schema: the time it happened on the unit's clock, and the command's payload
 * validated by the very zod schema the API and the domain use (packages/domain commandSchemas,
 * which packages/contracts wraps), so the form refuses inline what the server would refuse.
 */
function formSchema(type: CommandType, timeZone: string) {
  return z.object({
    occurredAt: z
      .string()
      .refine((v) => fromLocalInput(v, timeZone) !== undefined)
      .transform((v) => fromLocalInput(v, timeZone) ?? ''),
    payload: commandSchemas[type] as z.ZodType<Record<string, unknown>>,
  });
}

/** The problems of a failed submission, in field order, each linked to its field. */
function summaryOf(
  errors: FieldErrors<Values>,
  fields: readonly FieldSpec[],
  formId: string,
  label: (spec: FieldSpec) => string,
): SummaryItem[] {
  const items: SummaryItem[] = [];
  if (errors.occurredAt?.message) {
    items.push({ text: errors.occurredAt.message, fieldId: `${formId}-occurredAt` });
  }
  const payload = errors.payload as Record<string, unknown> | undefined;
  for (const spec of fields) {
    const message = firstMessage(atPath(payload, spec.name));
    if (message)
      items.push({ text: `${label(spec)}: ${message}`, fieldId: fieldId(formId, spec.name) });
  }
  const rest = payload?.['root'] ?? payload?.['message'];
  if (items.length === 0 && rest) items.push({ text: firstMessage(payload) ?? '' });
  return items;
}

export interface CommandFormProps {
  readonly type: CommandType;
  readonly title: string;
  readonly fields: readonly FieldSpec[];
  /** Payload values the form starts with: context only (the unit, the user), never a statement. */
  readonly defaults: Record<string, unknown>;
  readonly ctx: FormContext;
  readonly version: number;
  readonly submitLabel?: string | undefined;
  /** One-tap entries above the form: each records its stated finding at the form's time. */
  readonly presets?: readonly Preset[] | undefined;
  /** Cancelling (the dialog) or, inline, what the form was opened for ends. */
  readonly onClose: () => void;
  /** Shown in the page, not as a dialog (the guided registration's steps). */
  readonly inline?: boolean;
  /** Buttons beside the primary one in place of "Cancel" (inline: back, skip). */
  readonly secondary?: ReactNode;
  /** Called once the command was recorded; the dialog closes (`onClose`) when absent. */
  readonly onRecorded?: () => void;
  /**
   * Records the values otherwise than by the command route (a record kept only on this tablet
   * so far: its outbox); without it a field command finds the outbox when there is no signal.
   */
  /** The message once `save` has kept the values; "Saved: <title>" otherwise. */
  readonly savedToast?: string;
  readonly save?: (values: {
    occurredAt: string;
    payload: Record<string, unknown>;
  }) => Promise<void>;
}

/**
 * A modal that records one command (react-hook-form): the fields, "when it happened" (now, to the
 * minute, on the unit's clock), an error summary with links to the fields and focus moved to it
 * (GOV.UK), messages beside the fields, and the server's refusal in the summary, never in a toast
 * over the form. Success closes the dialog and refreshes the record and the whiteboard.
 */
export function CommandForm(props: CommandFormProps): ReactNode {
  const t = useT();
  const dt = useDutyT();
  const { locale } = useLocale();
  const toast = useToast();
  const client = useQueryClient();
  const formId = useId().replace(/:/g, '');
  const { ctx } = props;
  const [attempt, setAttempt] = useState(0);
  const zone = useRef(ctx.timeZone);
  const [refusal, setRefusal] = useState<string>();
  const offline = useOffline();
  const form = useForm<Values, unknown, { occurredAt: string; payload: Record<string, unknown> }>({
    defaultValues: {
      occurredAt: toLocalInput(new Date(serverNow()), ctx.timeZone),
      payload: props.defaults,
    },
    // The unit's zone may be learnt after the form opened: the resolver reads the zone of now.
    resolver: (values, context, options) =>
      zodResolver(formSchema(props.type, zone.current), { error: issueMessage(t) })(
        values,
        context,
        options,
      ),
    shouldFocusError: false,
  });
  // When the unit's zone is learnt after the form opened (the unit list answers late), "when it
  // happened" keeps its instant and is shown on the new zone's clock: what the field reads is
  // always what will be recorded.
  useEffect(() => {
    if (zone.current === ctx.timeZone) return;
    const value = form.getValues('occurredAt');
    form.setValue('occurredAt', rezoneLocalInput(value, zone.current, ctx.timeZone));
    zone.current = ctx.timeZone;
  }, [ctx.timeZone, form]);
  const send = useMutation({
    mutationFn: (v: { occurredAt: string; payload: Record<string, unknown> }) =>
      sendCommand(ctx.recordId, props.type, {
        occurredAt: v.occurredAt,
        expectedVersion: props.version,
        payload: v.payload,
      }),
    // The record's new version is known at once, so the next form (the next step, the next
    // one-tap entry) is sent at it even before the refetch answers; then the screens refetch.
    onSuccess: (result) => {
      client.setQueryData<RecordView>(keys.record(ctx.recordId), (old) =>
        old === undefined ? old : { ...old, summary: { ...old.summary, version: result.version } },
      );
      client.setQueriesData<Whiteboard>({ queryKey: ['whiteboard'] }, (old) =>
        old === undefined
          ? old
          : {
              ...old,
              rows: old.rows.map((row) =>
                row.summary.id === ctx.recordId
                  ? { ...row, summary: { ...row.summary, version: result.version } }
                  : row,
              ),
            },
      );
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.record(ctx.recordId) });
      void client.invalidateQueries({ queryKey: ['whiteboard'] });
      void client.invalidateQueries({ queryKey: ['placements'] });
    },
  });
  const label = (spec: FieldSpec) => specLabel(spec, dt, locale);

  const record = async (values: { occurredAt: string; payload: Record<string, unknown> }) => {
    setRefusal(undefined);
    try {
      if (props.save) await props.save(values);
      else await send.mutateAsync(values);
      toast('success', props.savedToast ?? dt('common.saved', { what: props.title }));
      (props.onRecorded ?? props.onClose)();
    } catch (error) {
      const type = props.type;
      const kept = isFieldCommand(type)
        ? await offline?.keepWithoutSignal(error, { type, recordId: ctx.recordId, ...values })
        : null;
      if (kept === 'saved') {
        toast('success', t('offline.savedOnDevice'));
        (props.onRecorded ?? props.onClose)();
        return;
      }
      if (kept === 'revoked') {
        setRefusal(t('offline.revokedNoSave'));
        setAttempt((n) => n + 1);
        return;
      }
      if (error instanceof ApiError) {
        for (const [path, message] of Object.entries(error.fieldErrors)) {
          form.setError(path as 'payload', { message });
        }
      }
      const message = describeRefusal(error, locale, dt, t);
      const asked = refusalField(error);
      if (asked !== undefined && props.fields.some((f) => f.name === asked)) {
        form.setError(`payload.${asked}` as 'payload', { message });
      } else {
        setRefusal(message);
      }
      setAttempt((n) => n + 1);
    }
  };
  const submit = form.handleSubmit(
    (values) => record(values),
    () => {
      setRefusal(undefined);
      setAttempt((n) => n + 1);
    },
  );

  const errors = form.formState.errors;
  const items = [
    ...(refusal ? [{ text: refusal }] : []),
    ...summaryOf(errors, props.fields, formId, label),
  ];
  const body = (
    <FormProvider {...form}>
      <form
        className="command-form"
        noValidate
        data-command={props.type}
        onSubmit={(e) => void submit(e)}
      >
        <ErrorSummary items={items} attempt={attempt} />
        {props.presets && props.presets.length > 0 && (
          <fieldset className="presets-quick">
            <legend>{dt('act.fastPath')}</legend>
            {props.presets.map((preset) => (
              <Button
                key={preset.label}
                variant="primary"
                className="preset-record"
                busy={send.isPending}
                onClick={() => {
                  const occurredAt = fromLocalInput(form.getValues('occurredAt'), ctx.timeZone);
                  if (occurredAt === undefined) {
                    void submit();
                    return;
                  }
                  void record({
                    occurredAt,
                    payload: { ...props.defaults, ...preset.payload(dt) },
                  });
                }}
              >
                {dt(preset.label)}
              </Button>
            ))}
          </fieldset>
        )}
        {props.fields.map((spec) => (
          <ActionField key={spec.name} spec={spec} formId={formId} ctx={ctx} />
        ))}
        <OccurredAtField
          id={`${formId}-occurredAt`}
          value={form.watch('occurredAt')}
          onChange={(v) => {
            form.setValue('occurredAt', v);
          }}
          error={errors.occurredAt?.message}
          timeZone={ctx.timeZone}
        />
        <div className="actions">
          {props.secondary ?? <Button onClick={props.onClose}>{dt('common.cancel')}</Button>}
          <Button type="submit" variant="primary" busy={send.isPending}>
            {props.submitLabel ?? dt('common.save')}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
  if (props.inline) return body;
  return (
    <Dialog open title={props.title} onClose={props.onClose}>
      {body}
    </Dialog>
  );
}
