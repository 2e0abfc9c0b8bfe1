import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import type { Tenant } from "./kinds";
import { ReferencePanel } from "./ReferencePanel";
import { useProgramStyles } from "./styles";

const AddTenantDialog = lazy(() => import("./AddTenantDialog"));

export function TenantsTab() {
  return <ReferencePanel kind="tenants" AddDialog={AddTenantDialog} table={(rows) => <TenantsTable rows={rows} />} />;
}

function TenantsTable({ rows }: { rows: Tenant[] }) {
  const { t } = useTranslation("program");
  const styles = useProgramStyles();
  const column = { id: t("columns.tenantId"), domains: t("columns.domains") };
  return (
    <TableRegion label={t("tabs.tenants")}>
      <Table aria-label={t("tabs.tenants")}>
        <THead>
          <Tr>
            {Object.values(column).map((name) => (
              <Th key={name}>{name}</Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {rows.map((tenant) => (
            <Tr key={tenant.tenant_id}>
              <Td label={column.id}>
                <span className={styles.mono}>{tenant.tenant_id}</span>
              </Td>
              <Td label={column.domains}>
                <ul className={styles.plainList}>
                  {tenant.domains.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableRegion>
  );
}
