import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';
import { Empty } from '../components/States';

/** The review console (queue, dossier, decisions) is the next issue's; its route and nav entry are here. */
export default function ReviewPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('review.title')} />
      <Empty>{t('review.comingSoon')}</Empty>
    </>
  );
}
