import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';
import { Empty } from '../components/States';

/** The program pages (partners, locations, tenant directory, catalogue) are the next issue's. */
export default function ProgramPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('program.title')} />
      <Empty>{t('program.comingSoon')}</Empty>
    </>
  );
}
