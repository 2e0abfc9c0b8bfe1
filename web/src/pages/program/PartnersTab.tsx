import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import type { Partner } from "./kinds";
import { ReferencePanel } from "./ReferencePanel";
import { useProgramStyles } from "./styles";

const AddPartnerDialog = lazy(() => import("./AddPartnerDialog"));

export function PartnersTab() {
  return (
    <ReferencePanel kind="partners" AddDialog={AddPartnerDialog} table={(rows) => <PartnersTable rows={rows} />} />
  );
}

function PartnersTable({ rows }: { rows: Partner[] }) {
  const { t } = useTranslation("program");
  const styles = useProgramStyles();
  const column = { id: t("columns.partnerId"), name: t("columns.name"), currency: t("columns.currency") };
  return (
    <TableRegion label={t("tabs.partners")}>
      <Table aria-label={t("tabs.partners")}>
        <THead>
          <Tr>
            {Object.values(column).map((name) => (
              <Th key={name}>{name}</Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {rows.map((p) => (
            <Tr key={p.partner_id}>
              <Td label={column.id}>
                <span className={styles.mono}>{p.partner_id}</span>
              </Td>
              <Td label={column.name}>{p.name}</Td>
              <Td label={column.currency}>{p.currency}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableRegion>
  );
}
