import { useTranslation } from "react-i18next";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  wrap: {
    display: "flex",
    alignItems: "center",
    columnGap: "8px",
    paddingTop: "24px",
    paddingBottom: "24px",
    color: tokens.colorNeutralForeground2,
  },
  ring: {
    width: "16px",
    height: "16px",
    boxSizing: "border-box",
    borderRadius: "50%",
    flexShrink: 0,
    border: `2px solid ${tokens.colorBrandStroke2}`,
    borderTopColor: tokens.colorBrandStroke1,
    animationName: { from: { transform: "rotate(0deg)" }, to: { transform: "rotate(360deg)" } },
    animationDuration: "0.9s",
    animationIterationCount: "infinite",
    animationTimingFunction: "linear",
    "@media (prefers-reduced-motion: reduce)": { animationDuration: "2.4s" },
  },
});

/** A small spinner with words (kept out of Fluent's Spinner: the shell shows it while a page loads). */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.wrap} role="status">
      <span className={styles.ring} aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}
