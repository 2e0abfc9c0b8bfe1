import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Button, MessageBar, MessageBarBody, makeStyles, shorthands, tokens } from "@fluentui/react-components";
import { PageHeading } from "../components/PageHeading";
import { Empty, FormError, QueryStates } from "../components/States";
import { Section } from "../components/Section";
import { useServices } from "../api/context";
import { listDemoUsers, signInAsDemoUser, type DemoUser } from "../auth/localProvider";
import { sessions } from "../auth/session";
import { useSession } from "../auth/useSession";
import { safeReturnTo } from "../auth/returnTo";
import { HOME } from "../nav";
import { useErrorText } from "../components/errorText";

const useStyles = makeStyles({
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gap: "8px",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 320px), 1fr))",
  },
  user: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "start",
    height: "auto",
    ...shorthands.padding("10px", "12px"),
  },
  lines: { display: "flex", flexDirection: "column", alignItems: "flex-start", rowGap: "2px", minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold },
  detail: { fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  notes: { marginTop: 0 },
  stack: { display: "flex", flexDirection: "column", rowGap: "12px" },
});

export default function SignInPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { config, api } = useServices();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const returnTo = safeReturnTo(params.get("return"));
  const expired = params.get("reason") === "expired";
  const local = config.auth.provider === "local";
  const users = useQuery({ queryKey: ["local-users"], queryFn: () => listDemoUsers(api.baseUrl), enabled: local });

  const signIn = async (user: DemoUser) => {
    setBusy(user.email + user.role);
    setError(null);
    try {
      const next = await signInAsDemoUser(api.baseUrl, user);
      sessions.set(next);
      navigate(returnTo ?? HOME[next.role], { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const startCognito = async () => {
    if (config.auth.provider !== "cognito") return;
    setBusy("cognito");
    setError(null);
    try {
      const { startCognitoSignIn } = await import("../auth/cognitoProvider");
      await startCognitoSignIn(config.auth, returnTo);
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeading title={t("signIn.title")} subtitle={t("signIn.subtitle")} />
      <div className={styles.stack}>
        {expired && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t("signIn.expired")}</MessageBarBody>
          </MessageBar>
        )}
        {session && !expired && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t("signIn.alreadySignedIn", { email: session.email })}</MessageBarBody>
          </MessageBar>
        )}
        <FormError message={error ? errorText(error) : null} />
        {local ? (
          <Section id="demo-users" title={t("signIn.demoUsers")}>
            <p className={styles.notes}>{t("signIn.demoNote")}</p>
            <QueryStates query={users} />
            {users.data && users.data.length === 0 && <Empty>{t("signIn.noUsers")}</Empty>}
            {users.data && users.data.length > 0 && (
              <ul className={styles.list}>
                {users.data.map((user) => (
                  <li key={`${user.email}:${user.role}`}>
                    <Button
                      className={styles.user}
                      appearance="secondary"
                      disabled={busy !== null}
                      onClick={() => signIn(user)}
                    >
                      <span className={styles.lines}>
                        <span className={styles.name}>{user.name}</span>
                        <span className={styles.detail}>{user.email}</span>
                        <span className={styles.detail}>
                          {t(`roles.${user.role}`)} <span className={styles.code}>({user.role})</span>
                        </span>
                        {user.partner_id && (
                          <span className={styles.detail}>
                            <span className={styles.code}>{user.partner_id}</span>
                            {user.partner_name ? ` · ${user.partner_name}` : ""}
                          </span>
                        )}
                      </span>
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        ) : (
          <Section id="organization-sign-in" title={t("signIn.organization")}>
            <p className={styles.notes}>{t("signIn.organizationNote")}</p>
            <Button appearance="primary" onClick={startCognito} disabled={busy !== null}>
              {t("signIn.continue")}
            </Button>
          </Section>
        )}
      </div>
    </>
  );
}
