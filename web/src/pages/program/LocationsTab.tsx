import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { EVERY_ENGAGEMENT } from "../../api/types";
import { TBody, THead, Table, Td, Th, Tr } from "../../components/Table";
import { TableRegion } from "../../components/TableRegion";
import { useFormat } from "../../i18n/format";
import type { Location } from "./kinds";
import { useEveryRow } from "./queries";
import { ReferencePanel } from "./ReferencePanel";
import { useProgramStyles } from "./styles";

const AddLocationDialog = lazy(() => import("./AddLocationDialog"));

export function LocationsTab() {
  return (
    <ReferencePanel kind="locations" AddDialog={AddLocationDialog} table={(rows) => <LocationsTable rows={rows} />} />
  );
}

/** Each location with its partner's name (when the partner list has it) and the engagements it serves. */
function LocationsTable({ rows }: { rows: Location[] }) {
  const { t } = useTranslation("program");
  const styles = useProgramStyles();
  const format = useFormat();
  const partners = useEveryRow("partners");
  const partnerName = (id: string) => partners.data?.find((p) => p.partner_id === id)?.name;
  const column = {
    id: t("columns.locationId"),
    partner: t("columns.partner"),
    country: t("columns.country"),
    engagements: t("columns.engagements"),
  };
  return (
    <TableRegion label={t("tabs.locations")}>
      <Table aria-label={t("tabs.locations")} minWidth={640}>
        <THead>
          <Tr>
            {Object.values(column).map((name) => (
              <Th key={name}>{name}</Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {rows.map((l) => (
            <Tr key={l.location_id}>
              <Td label={column.id}>
                <span className={styles.mono}>{l.location_id}</span>
              </Td>
              <Td label={column.partner}>
                {partnerName(l.partner_id) ?? <span className={styles.mono}>{l.partner_id}</span>}
                {partnerName(l.partner_id) && <span className={`${styles.sub} ${styles.mono}`}>{l.partner_id}</span>}
              </Td>
              <Td label={column.country}>
                {format.country(l.country)} ({l.country})
              </Td>
              <Td label={column.engagements}>
                {l.engagement_ids.includes(EVERY_ENGAGEMENT) ? (
                  t("everyEngagement")
                ) : (
                  <ul className={styles.plainList}>
                    {l.engagement_ids.map((id) => (
                      <li key={id} className={styles.mono}>
                        {id}
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableRegion>
  );
}
