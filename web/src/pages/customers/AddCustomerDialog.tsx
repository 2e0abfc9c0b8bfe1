import { useTranslation } from 'react-i18next';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles,
} from '@fluentui/react-components';
import { useApi } from '../../api/context';
import { ok } from '../../api/client';
import { compact, type FieldProblem } from '../../api/constraints';
import { isApiError } from '../../api/errors';
import type { NominationRow } from '../../api/types';
import { FormError } from '../../components/States';
import { TextField, useForm } from '../../components/form';
import { useSession } from '../../auth/useSession';

const useStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
});

const FIELDS = ['location_id', 'customer_email', 'customer_name', 'tenant_id', 'mismatch_reason'];

function locationKey(partnerId: string | null | undefined) {
  return `wc.location.${partnerId ?? ''}`;
}

type Props = { engagementId: string; onClose: () => void; onAdded: (row: NominationRow) => void };

export default function AddCustomerDialog({ open, ...props }: Props & { open: boolean }) {
  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, d) => { if (!d.open) props.onClose(); }}>
      <DialogSurface>
        <AddCustomerForm {...props} />
      </DialogSurface>
    </Dialog>
  );
}

/** Inside the surface: a fresh form every time the dialog opens. */
function AddCustomerForm({ engagementId, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { client } = useApi();
  const session = useSession();
  const remembered = (() => { try { return window.localStorage.getItem(locationKey(session?.partnerId)) ?? ''; } catch { return ''; } })();
  const form = useForm({ location_id: remembered, customer_email: '', customer_name: '', tenant_id: '', mismatch_reason: '', askMismatch: false });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const body = compact({
      location_id: v.location_id, customer_email: v.customer_email, customer_name: v.customer_name,
      tenant_id: v.tenant_id, mismatch_reason: v.askMismatch ? v.mismatch_reason : '',
    });
    const extra: Record<string, FieldProblem> = v.askMismatch && v.tenant_id.trim() && !v.mismatch_reason.trim() ? { mismatch_reason: { key: 'required' } } : {};
    if (!form.check('Nominate', body, extra)) return;
    await form.run(async () => {
      try {
        const { data } = await ok(client.POST('/engagements/{engagement_id}/customers', {
          params: { path: { engagement_id: engagementId } },
          body: body as { location_id: string; customer_email: string },
        }));
        try { window.localStorage.setItem(locationKey(session?.partnerId), v.location_id.trim()); } catch { /* not remembered */ }
        onAdded(data as unknown as NominationRow);
      } catch (error) {
        if (isApiError(error) && error.code === 'mismatch_reason_required') form.set('askMismatch', true);
        form.fail(error, FIELDS);
      }
    });
  };

  return (
        <form ref={form.ref} onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t('addCustomer.title')}</DialogTitle>
            <DialogContent className={styles.fields}>
              <p style={{ margin: 0 }}>{t('addCustomer.intro')}</p>
              <FormError message={form.formError} />
              <TextField form={form} path="location_id" label={t('addCustomer.location')} required hint={t('addCustomer.locationHint')} />
              <TextField form={form} path="customer_email" type="email" label={t('addCustomer.email')} required autoComplete="off" />
              <TextField form={form} path="customer_name" label={t('addCustomer.name')} />
              <TextField form={form} path="tenant_id" label={t('addCustomer.tenant')} hint={t('addCustomer.tenantHint')} />
              {form.values.askMismatch && (
                <TextField form={form} path="mismatch_reason" multiline label={t('addCustomer.mismatchReason')} required
                  hint={t('addCustomer.mismatchHint')} />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={form.busy}>{t('common.close')}</Button>
              <Button appearance="primary" type="submit" disabled={form.busy}>{t('addCustomer.save')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
  );
}
