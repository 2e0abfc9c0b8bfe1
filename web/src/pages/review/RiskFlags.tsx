import { useTranslation } from "react-i18next";
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from "@fluentui/react-components";
import type { RiskFlag } from "../../api/types";
import { tDynamic } from "../../i18n";

const useStyles = makeStyles({
  bar: { marginBottom: "16px" },
  list: { margin: "4px 0 0", paddingLeft: "20px" },
});

/** What the reviewer should look at twice: each flag in words (a known code) with the API's explanation. */
export function RiskFlags({ flags }: { flags: RiskFlag[] }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  if (flags.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline" className={styles.bar}>
      <MessageBarBody>
        <MessageBarTitle>{t("review.dossier.riskFlags.title")}</MessageBarTitle>
        <ul className={styles.list}>
          {flags.map((flag) => {
            const key = `review.dossier.riskFlags.codes.${flag.code}`;
            return (
              <li key={flag.code}>
                {i18n.exists(key) && <strong>{tDynamic(key)}: </strong>}
                {flag.message}
              </li>
            );
          })}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
