import type { ReactNode } from "react";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    ...shorthands.padding("16px"),
    marginBottom: "16px",
    minWidth: 0,
    "@media (max-width: 480px)": { ...shorthands.padding("12px") },
  },
  h2: {
    marginTop: 0,
    marginBottom: "12px",
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export function Section({
  id,
  title,
  children,
  className,
  actions,
}: {
  id?: string;
  title: string;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}) {
  const styles = useStyles();
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section className={mergeClasses(styles.section, className)} aria-labelledby={headingId} id={id}>
      <div
        style={{ display: "flex", flexWrap: "wrap", justifyContent: "space-between", alignItems: "baseline", gap: 8 }}
      >
        <h2 className={styles.h2} id={headingId}>
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
