import { useTranslation } from "react-i18next";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  makeStyles,
} from "@fluentui/react-components";
import { useApi } from "../../api/context";
import { ok } from "../../api/client";
import { compact, type FieldProblem } from "../../api/constraints";
import { isApiError } from "../../api/errors";
import { useMyLocations } from "../../api/queries";
import { locationServes, type Location, type NominationRow } from "../../api/types";
import { FormError, QueryStates } from "../../components/States";
import { TextField, useForm } from "../../components/form";
import { useFocusFirstField } from "../../components/useFocusFirstField";
import { useSession } from "../../auth/useSession";
import { useFormat } from "../../i18n/format";

const useStyles = makeStyles({
  fields: { display: "flex", flexDirection: "column", rowGap: "12px" },
  intro: { margin: 0 },
});

const FIELDS = ["location_id", "customer_email", "customer_name", "tenant_id", "mismatch_reason"];

function locationKey(partnerId: string | null | undefined) {
  return `wc.location.${partnerId ?? ""}`;
}

function rememberedLocation(partnerId: string | null | undefined): string {
  try {
    return window.localStorage.getItem(locationKey(partnerId)) ?? "";
  } catch {
    return "";
  }
}

type Props = { engagementId: string; onClose: () => void; onAdded: (row: NominationRow) => void };

export default function AddCustomerDialog({ open, ...props }: Props & { open: boolean }) {
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (!d.open) props.onClose();
      }}
    >
      <DialogSurface>
        <AddCustomer {...props} />
      </DialogSurface>
    </Dialog>
  );
}

/** Inside the surface: the partner's locations first (a customer is nominated from one), then a fresh form. */
function AddCustomer(props: Props) {
  const { t } = useTranslation();
  const locations = useMyLocations();
  const eligible = locations.data?.filter((l) => locationServes(l, props.engagementId)) ?? [];
  if (locations.isSuccess && eligible.length) return <AddCustomerForm {...props} locations={eligible} />;
  return (
    <DialogBody>
      <DialogTitle>{t("addCustomer.title")}</DialogTitle>
      <DialogContent>
        <QueryStates query={locations} />
        {locations.isSuccess && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              {t(locations.data.length ? "addCustomer.noEligibleLocation" : "addCustomer.noLocation")}
            </MessageBarBody>
          </MessageBar>
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="secondary" onClick={props.onClose}>
          {t("common.close")}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}

/** The nomination; the location is picked from the partner's own, the remembered (or only) one chosen already. */
function AddCustomerForm({ engagementId, locations, onClose, onAdded }: Props & { locations: Location[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useFormat();
  const { client } = useApi();
  const session = useSession();
  const remembered = rememberedLocation(session?.partnerId);
  const initialLocation = locations.some((l) => l.location_id === remembered)
    ? remembered
    : locations.length === 1
      ? locations[0].location_id
      : "";
  const form = useForm({
    location_id: initialLocation,
    customer_email: "",
    customer_name: "",
    tenant_id: "",
    mismatch_reason: "",
    askMismatch: false,
  });
  const { ref: formRef } = form;
  useFocusFirstField(formRef);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const body = compact({
      location_id: v.location_id,
      customer_email: v.customer_email,
      customer_name: v.customer_name,
      tenant_id: v.tenant_id,
      mismatch_reason: v.askMismatch ? v.mismatch_reason : "",
    });
    const extra: Record<string, FieldProblem> =
      v.askMismatch && v.tenant_id.trim() && !v.mismatch_reason.trim() ? { mismatch_reason: { key: "required" } } : {};
    if (!form.check("Nominate", body, extra)) return;
    await form.run(async () => {
      try {
        const { data } = await ok(
          client.POST("/engagements/{engagement_id}/customers", {
            params: { path: { engagement_id: engagementId } },
            body: body as { location_id: string; customer_email: string },
          }),
        );
        try {
          window.localStorage.setItem(locationKey(session?.partnerId), v.location_id);
        } catch {
          /* not remembered */
        }
        onAdded(data as unknown as NominationRow);
      } catch (error) {
        if (isApiError(error) && error.code === "mismatch_reason_required") form.set("askMismatch", true);
        form.fail(error, FIELDS);
      }
    });
  };

  const locationError = form.errors.location_id;
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <DialogBody>
        <DialogTitle>{t("addCustomer.title")}</DialogTitle>
        <DialogContent className={styles.fields}>
          <p className={styles.intro}>{t("addCustomer.intro")}</p>
          <FormError message={form.formError} />
          <Field
            label={t("addCustomer.location")}
            required
            hint={t("addCustomer.locationHint")}
            validationMessage={locationError}
            validationState={locationError ? "error" : "none"}
          >
            <Select value={form.values.location_id} onChange={(_, d) => form.set("location_id", d.value)}>
              <option value="" disabled>
                {t("addCustomer.chooseLocation")}
              </option>
              {locations.map((l) => (
                <option key={l.location_id} value={l.location_id}>
                  {t("addCustomer.locationOption", { id: l.location_id, country: format.country(l.country) })}
                </option>
              ))}
            </Select>
          </Field>
          <TextField
            form={form}
            path="customer_email"
            type="email"
            label={t("addCustomer.email")}
            required
            autoComplete="off"
          />
          <TextField form={form} path="customer_name" label={t("addCustomer.name")} />
          <TextField form={form} path="tenant_id" label={t("addCustomer.tenant")} hint={t("addCustomer.tenantHint")} />
          {form.values.askMismatch && (
            <TextField
              form={form}
              path="mismatch_reason"
              multiline
              label={t("addCustomer.mismatchReason")}
              required
              hint={t("addCustomer.mismatchHint")}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onClose} disabled={form.busy}>
            {t("common.close")}
          </Button>
          <Button appearance="primary" type="submit" disabled={form.busy}>
            {t("addCustomer.save")}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
