import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";
import { ErrorState, Loading } from "../components/States";
import { useServices } from "../api/context";
import { sessions } from "../auth/session";
import { safeReturnTo } from "../auth/returnTo";
import { HOME } from "../nav";

/** Where Cognito's hosted UI returns with the authorization code. */
export default function AuthCallbackPage() {
  const { t } = useTranslation();
  const { config } = useServices();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current || config.auth.provider !== "cognito") return;
    started.current = true;
    const auth = config.auth;
    import("../auth/cognitoProvider")
      .then(({ completeCognitoSignIn }) => completeCognitoSignIn(auth))
      .then(({ session, returnTo }) => {
        sessions.set(session);
        navigate(safeReturnTo(returnTo) ?? HOME[session.role], { replace: true });
      })
      .catch(setError);
  }, [config, navigate]);

  return (
    <>
      <PageHeading title={t("signIn.callbackTitle")} />
      {error ? (
        <>
          <ErrorState error={error} title={t("signIn.callbackFailed")} />
          <p>
            <Link to="/sign-in">{t("signIn.tryAgain")}</Link>
          </p>
        </>
      ) : config.auth.provider === "cognito" ? (
        <Loading label={t("signIn.completing")} />
      ) : (
        <p>
          <Link to="/sign-in">{t("signIn.tryAgain")}</Link>
        </p>
      )}
    </>
  );
}
