import { useTranslation } from "react-i18next";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from "@fluentui/react-components";
import { isApiError } from "../../api/errors";
import { useErrorText } from "../../components/errorText";

const useStyles = makeStyles({
  list: { margin: "4px 0 0", paddingLeft: "18px" },
});

/** Why the API refused an engagement: the catalogue rules it breaks, one by one, or that it is in use already
 * (then a new engagement can start from this one). */
export function EngagementRefusal({ error, onCopy }: { error: unknown; onCopy?: () => void }) {
  const { t } = useTranslation("program");
  const styles = useStyles();
  const errorText = useErrorText();
  const code = isApiError(error) ? error.code : null;
  const problems = isApiError(error) && Array.isArray(error.body.problems) ? error.body.problems.map(String) : [];
  const inUse = code === "engagement_in_use";
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        {inUse && <MessageBarTitle>{t("dialogs.inUseTitle")}</MessageBarTitle>}
        {code === "invalid_engagement" && <MessageBarTitle>{t("dialogs.rulesTitle")}</MessageBarTitle>}
        {problems.length ? (
          <ul className={styles.list}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          errorText(error)
        )}
      </MessageBarBody>
      {inUse && onCopy && (
        <MessageBarActions>
          <Button onClick={onCopy}>{t("dialogs.copyInstead")}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
