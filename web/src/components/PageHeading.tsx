import { useEffect, type ReactNode } from "react";
import { useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  wrap: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: "16px",
    rowGap: "8px",
    marginTop: "8px",
    marginBottom: "16px",
  },
  h1: {
    margin: 0,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    "@media (max-width: 480px)": { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
  },
  sub: { margin: "4px 0 0", color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", flexWrap: "wrap", columnGap: "8px", rowGap: "8px" },
});

/** The page's one h1 and its document title; focused after navigation (see Layout). */
export function PageHeading({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title, t]);
  return (
    <div className={styles.wrap}>
      <div>
        <h1 className={styles.h1} tabIndex={-1} data-route={pathname}>
          {title}
        </h1>
        {subtitle && <p className={styles.sub}>{subtitle}</p>}
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}
