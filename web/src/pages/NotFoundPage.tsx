import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t("notFound.title")} />
      <p>{t("notFound.body")}</p>
      <p>
        <Link to="/">{t("notFound.home")}</Link>
      </p>
    </>
  );
}
