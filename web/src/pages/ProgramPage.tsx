import type { ComponentType } from "react";
import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";
import { QueryStates } from "../components/States";
import { Tabs } from "../components/Tabs";
import { AuditTab } from "./program/AuditTab";
import { EngagementsTab } from "./program/EngagementsTab";
import { REFERENCE_KINDS } from "./program/kinds";
import { LocationsTab } from "./program/LocationsTab";
import { PartnersTab } from "./program/PartnersTab";
import { useProgramStyles } from "./program/styles";
import { TenantsTab } from "./program/TenantsTab";
import { useProgramWords } from "./program/words";

// The program admin's pages (DESIGN.md §7): each kind of reference data on its tab (`?tab=`; partners when none),
// and the audit history of every change.
const TABS = [...REFERENCE_KINDS, "audit"] as const;
type ProgramTab = (typeof TABS)[number];

const PANELS: Record<ProgramTab, ComponentType> = {
  partners: PartnersTab,
  locations: LocationsTab,
  tenants: TenantsTab,
  engagements: EngagementsTab,
  audit: AuditTab,
};

export default function ProgramPage() {
  const words = useProgramWords();
  return words.isSuccess ? <ProgramTabs /> : <QueryStates query={words} />;
}

function ProgramTabs() {
  const { t } = useTranslation("program");
  const styles = useProgramStyles();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: ProgramTab = TABS.includes(tabParam as ProgramTab) ? (tabParam as ProgramTab) : "partners";
  const Panel = PANELS[tab];

  const selectTab = (next: ProgramTab) => {
    const copy = new URLSearchParams(params);
    copy.set("tab", next);
    setParams(copy, { replace: true });
  };

  return (
    <>
      <PageHeading title={t("title")} subtitle={t("subtitle")} />
      <Tabs
        idPrefix="program"
        label={t("tabsLabel")}
        selected={tab}
        onSelect={selectTab}
        items={TABS.map((name) => ({ value: name, label: t(`tabs.${name}`) }))}
      />
      <div role="tabpanel" id="program-panel" aria-labelledby={`program-tab-${tab}`}>
        <p className={styles.help}>{t(`tabHelp.${tab}`)}</p>
        <Panel key={tab} />
      </div>
    </>
  );
}
