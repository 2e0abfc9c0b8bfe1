import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";
import { useSession } from "../auth/useSession";
import { HOME } from "../nav";

export default function ForbiddenPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <PageHeading title={t("forbidden.title")} />
      <p>{t("forbidden.body", { role: session ? t(`roles.${session.role}`) : "" })}</p>
      <p>
        <Link to={session ? HOME[session.role] : "/sign-in"}>{t("forbidden.home")}</Link>
      </p>
    </>
  );
}
