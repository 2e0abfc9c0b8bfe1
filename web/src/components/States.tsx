import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { UseQueryResult } from "@tanstack/react-query";
import { useErrorText } from "./errorText";
import { Loading } from "./Loading";

const useStyles = makeStyles({
  empty: {
    padding: "16px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    margin: 0,
  },
});

export { Loading };

export function Empty({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <p className={styles.empty}>{children}</p>;
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title ?? t("common.loadFailed")}</MessageBarTitle>
        {errorText(error)}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** A query's own states: a spinner while it loads, its error with a retry once it failed. */
export function QueryStates({ query }: { query: Pick<UseQueryResult, "isPending" | "isError" | "error" | "refetch"> }) {
  return (
    <>
      {query.isPending && <Loading />}
      {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
    </>
  );
}

/** A form-level failure (the API's message when no field is named). */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  );
}
